import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateMapping } from './mapping.validator';

const errorsOf = (mapping: unknown) => {
  const result = validateMapping(mapping);
  return result.valid ? [] : result.errors;
};

describe('validateMapping', () => {
  it('accepts every known data function and plain values', () => {
    const mapping = {
      id: '<uuid>',
      issuer: { id: '<issuerDid>', name: 'ACME <Inc>', tenant: '<issuerId>' },
      credentialSubject: { id: '<subjectDid>', tags: ['<timestamp>', 'literal', 3, null, true] },
      display: '<display>',
      course: '<context:course>',
      issuanceDate: '<timestamp>',
      'jwt:iat': '<timestamp-seconds>',
      'jwt:exp': '<timestamp-in-seconds:365d>',
      expirationDate: '<timestamp-in:1h30m>',
      before: '<timestamp-before:1d>',
      beforeSeconds: '<timestamp-before-seconds:15m>',
      ebsi: '<timestamp-ebsi>',
      ebsiIn: '<timestamp-ebsi-in:1w>',
      remote: '<webhook:https://data.example/x?y=1>',
      remoteJson: '<webhook-json:http://data.example:8080/x>',
      sameId: '<last:uuid>',
      notATemplate: '< uuid >',
    };
    assert.deepEqual(validateMapping(mapping), { valid: true });
  });

  it('names the path of every invalid template', () => {
    const errors = errorsOf({
      a: '<nope>',
      b: { c: ['ok', '<timestamp-in:5y>'] },
      d: '<context:>',
      e: '<last:bogus>',
      f: '<webhook:file:///etc/passwd>',
      g: '<webhook-json:not a url>',
      h: '<uuid:extra>',
      i: '<timestamp-in>',
      j: '<last:last>',
    });
    assert.deepEqual(errors.map((e) => e.path).sort(), ['a', 'b.c[1]', 'd', 'e', 'f', 'h', 'i', 'j']);
    assert.match(errors[0]!.message, /unknown data function "nope"/);
  });

  it('refuses <last:fn> without a call of fn anywhere in the mapping (stored key order is not kept)', () => {
    assert.deepEqual(
      errorsOf({ a: '<last:uuid>', b: '<timestamp>' }).map((e) => e.path),
      ['a'],
    );
    assert.equal(validateMapping({ a: '<last:uuid>', b: '<uuid>' }).valid, true);
    assert.equal(validateMapping({ a: ['<uuid>'], b: { c: '<last:uuid>' } }).valid, true);
  });

  it('refuses non-object mappings, an empty jwt: key and prototype keys', () => {
    assert.deepEqual(
      errorsOf([]).map((e) => e.path),
      ['/'],
    );
    assert.deepEqual(
      errorsOf('<uuid>').map((e) => e.path),
      ['/'],
    );
    assert.deepEqual(
      errorsOf({ 'jwt:': 1 }).map((e) => e.path),
      ['jwt:'],
    );
    assert.deepEqual(
      errorsOf(JSON.parse('{"__proto__":{"x":1},"a":{"constructor":1}}')).map((e) => e.path),
      ['__proto__', 'a.constructor'],
    );
  });
});
