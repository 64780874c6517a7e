import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyClaimsMapping, validateClaimsMapping } from './claims-mapping';
import { parseJsonPath } from './json-path';

describe('parseJsonPath (the idTokenClaimsMapping subset of RFC 9535)', () => {
  it('reads dot and bracket steps', () => {
    assert.deepEqual(parseJsonPath('$.given_name'), { valid: true, names: ['given_name'] });
    assert.deepEqual(parseJsonPath("$.credentialSubject['givenName']"), { valid: true, names: ['credentialSubject', 'givenName'] });
    assert.deepEqual(parseJsonPath(`$['org.iso.18013.5.1'].family_name`), { valid: true, names: ['org.iso.18013.5.1', 'family_name'] });
    assert.deepEqual(parseJsonPath(`$["it's"]`), { valid: true, names: ["it's"] });
    assert.deepEqual(parseJsonPath(`$['a\\'b']`), { valid: true, names: ["a'b"] });
  });

  it('refuses everything else with a message', () => {
    for (const path of ['given_name', '$', '$..a', '$.a[0]', '$.*', '$[?(@.a)]', '$.a.', "$['a'", '$.1a', '$ .a']) {
      const parsed = parseJsonPath(path);
      assert.equal(parsed.valid, false, path);
    }
  });
});

describe('validateClaimsMapping', () => {
  const data = { given_name: 'placeholder', address: { locality: '' }, 'org.iso.18013.5.1': { family_name: '' } };

  it('accepts destinations that exist in credentialData', () => {
    assert.deepEqual(
      validateClaimsMapping(
        {
          '$.given_name': '$.given_name',
          '$.address.locality': '$.address.locality',
          '$.family_name': `$['org.iso.18013.5.1'].family_name`,
        },
        data,
      ),
      [],
    );
  });

  it('names each missing destination and malformed path by its source', () => {
    const issues = validateClaimsMapping({ '$.given_name': '$.nick', '$.a': '$.address.street', x: '$.given_name', '$.b': '$.*' }, data);
    assert.deepEqual(
      issues.map((i) => i.path),
      ['x', '$.b', '$.given_name', '$.a'],
    );
  });

  it('does not find destinations through the prototype chain', () => {
    assert.equal(validateClaimsMapping({ '$.a': '$.constructor' }, {}).length, 1);
    assert.equal(validateClaimsMapping({ '$.a': '$.toString' }, {}).length, 1);
  });
});

describe('applyClaimsMapping', () => {
  it('copies login claims over the placeholders without touching the profile data', () => {
    const data = { given_name: 'x', nested: { city: 'x', keep: 1 } };
    const result = applyClaimsMapping(
      { '$.given_name': '$.given_name', '$.address.locality': '$.nested.city' },
      { given_name: 'Ada', address: { locality: 'London' }, extra: 'not copied' },
      data,
    );
    assert.deepEqual(result, { ok: true, credentialData: { given_name: 'Ada', nested: { city: 'London', keep: 1 } } });
    assert.equal(data.given_name, 'x');
  });

  it('copies structured claims and keeps own-member semantics for __proto__', () => {
    const result = applyClaimsMapping({ '$.roles': '$.roles' }, { roles: ['a', 'b'] }, { roles: [] });
    assert.deepEqual(result, { ok: true, credentialData: { roles: ['a', 'b'] } });
    const proto = applyClaimsMapping({ "$['__proto__']": '$.x' }, JSON.parse('{"__proto__": {"polluted": true}}'), { x: null });
    assert.ok(proto.ok);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('fails naming every source the claims lack', () => {
    assert.deepEqual(applyClaimsMapping({ '$.given_name': '$.a', '$.email': '$.b' }, { given_name: 'Ada' }, { a: '', b: '' }), {
      ok: false,
      missing: ['$.email'],
    });
  });
});
