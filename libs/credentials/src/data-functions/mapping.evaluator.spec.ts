import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CredentialError } from '../shared/credential-error';
import { DataFunctionContext } from './data-function.types';
import { applyMapping } from './mapping.evaluator';

const NOW = new Date('2026-03-01T12:00:00.123Z');
const ctx = (over: Partial<DataFunctionContext> = {}): DataFunctionContext => ({
  now: NOW,
  issuerId: 'issuer-1',
  issuerDid: 'did:web:issuer.example',
  subjectDid: 'did:jwk:eyJ4IjoiMSJ9',
  display: [{ name: 'Badge', locale: 'en' }],
  context: { course: 'Maths', nested: { level: 2 } },
  randomUuid: randomUUID,
  ...over,
});
const isCode = (code: string, path?: string) => (e: unknown) =>
  e instanceof CredentialError && e.code === code && (path === undefined || e.errors?.[0]?.path === path);

describe('applyMapping', () => {
  it('evaluates every data function and routes jwt: keys to jwtClaims', async () => {
    const result = await applyMapping(
      {
        id: '<uuid>',
        issuer: { id: '<issuerDid>', tenant: '<issuerId>', name: 'ACME' },
        credentialSubject: { id: '<subjectDid>', course: '<context:course>', extra: '<context:nested>' },
        display: '<display>',
        issuanceDate: '<timestamp>',
        expirationDate: '<timestamp-in:365d>',
        validFrom: '<timestamp-before:1h30m>',
        ebsi: '<timestamp-ebsi>',
        ebsiIn: '<timestamp-ebsi-in:1d>',
        list: ['<timestamp-seconds>', 'plain', 7, { deep: '<issuerId>' }],
        'jwt:jti': '<last:uuid>',
        'jwt:iat': '<timestamp-seconds>',
        'jwt:exp': '<timestamp-in-seconds:30d>',
        'jwt:nbf': '<timestamp-before-seconds:300s>',
        literal: '<not a template>',
      },
      ctx(),
    );
    const now = Math.floor(NOW.getTime() / 1000);
    const { credentialData: cd, jwtClaims } = result;
    assert.match(cd['id'] as string, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(cd['issuer'], { id: 'did:web:issuer.example', tenant: 'issuer-1', name: 'ACME' });
    assert.deepEqual(cd['credentialSubject'], { id: 'did:jwk:eyJ4IjoiMSJ9', course: 'Maths', extra: { level: 2 } });
    assert.deepEqual(cd['display'], [{ name: 'Badge', locale: 'en' }]);
    assert.equal(cd['issuanceDate'], '2026-03-01T12:00:00.123Z');
    assert.equal(cd['expirationDate'], '2027-03-01T12:00:00.123Z');
    assert.equal(cd['validFrom'], '2026-03-01T10:30:00.123Z');
    assert.equal(cd['ebsi'], '2026-03-01T12:00:00Z');
    assert.equal(cd['ebsiIn'], '2026-03-02T12:00:00Z');
    assert.deepEqual(cd['list'], [now, 'plain', 7, { deep: 'issuer-1' }]);
    assert.equal(cd['literal'], '<not a template>');
    assert.deepEqual(jwtClaims, { jti: cd['id'], iat: now, exp: now + 30 * 86400, nbf: now - 300 });
    assert.equal('jwt:iat' in cd, false);
  });

  it('resolves <last:fn> after every call, so a mapping read back from jsonb (keys reordered) still works', async () => {
    const { credentialData, jwtClaims } = await applyMapping(
      { 'jwt:jti': '<last:uuid>', list: ['<last:uuid>'], credential_id: '<uuid>' },
      ctx(),
    );
    assert.match(credentialData['credential_id'] as string, /^urn:uuid:/);
    assert.equal(jwtClaims['jti'], credentialData['credential_id']);
    assert.deepEqual(credentialData['list'], [credentialData['credential_id']]);
  });

  it('calls fetchText for webhooks and parses webhook-json', async () => {
    const urls: string[] = [];
    const fetchText = async (url: string) => {
      urls.push(url);
      return url.endsWith('.json') ? '{"score":42,"tags":["x"]}' : 'plain text';
    };
    const result = await applyMapping(
      { text: '<webhook:https://data.example/a>', data: '<webhook-json:https://data.example/b.json>', again: '<last:webhook-json>' },
      ctx(),
      { fetchText },
    );
    assert.deepEqual(result.credentialData, { text: 'plain text', data: { score: 42, tags: ['x'] }, again: { score: 42, tags: ['x'] } });
    assert.notEqual(result.credentialData['data'], result.credentialData['again'], '<last:…> returns a copy');
    assert.deepEqual(urls, ['https://data.example/a', 'https://data.example/b.json']);
  });

  it('fails with coded errors for webhook problems', async () => {
    const m = { a: { b: '<webhook:https://data.example/a>' } };
    await assert.rejects(applyMapping(m, ctx()), isCode('DATA_FUNCTION_WEBHOOK_UNAVAILABLE', 'a.b'));
    const cause = new Error('ECONNREFUSED');
    await assert.rejects(
      applyMapping(m, ctx(), { fetchText: () => Promise.reject(cause) }),
      (e: unknown) => isCode('DATA_FUNCTION_WEBHOOK_FAILED', 'a.b')(e) && (e as CredentialError).cause instanceof CredentialError,
    );
    await assert.rejects(
      applyMapping({ j: '<webhook-json:https://x.example>' }, ctx(), { fetchText: async () => 'not json' }),
      isCode('DATA_FUNCTION_WEBHOOK_FAILED', 'j'),
    );
    // The message reaches the wallet and the session: never the user info or query of the URL.
    await assert.rejects(
      applyMapping({ k: '<webhook:https://user:secret@data.example/p?apiKey=k123>' }, ctx(), { fetchText: () => Promise.reject(cause) }),
      (e: unknown) => {
        const message = (e as Error).message;
        return message.includes('https://data.example/p') && !/secret|k123|user/.test(message);
      },
    );
  });

  it('throws DATA_FUNCTION_UNRESOLVED for missing context values', async () => {
    const cases: [Record<string, unknown>, Partial<DataFunctionContext>][] = [
      [{ s: '<subjectDid>' }, { subjectDid: undefined }],
      [{ s: '<issuerDid>' }, { issuerDid: undefined }],
      [{ s: '<issuerId>' }, { issuerId: undefined }],
      [{ s: '<display>' }, { display: undefined }],
      [{ s: '<context:missing>' }, {}],
      [{ s: '<context:course>' }, { context: undefined }],
      [{ s: '<context:toString>' }, {}],
    ];
    for (const [mapping, over] of cases) {
      await assert.rejects(applyMapping(mapping, ctx(over)), isCode('DATA_FUNCTION_UNRESOLVED', 's'), JSON.stringify(mapping));
    }
  });

  it('refuses an invalid mapping before running anything', async () => {
    let fetched = false;
    const fetchText = async () => ((fetched = true), 'x');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ w: '<webhook:https://a.example>', u: '<unknown>' }, 'DATA_FUNCTION_UNKNOWN', 'u'],
      [{ w: '<webhook:https://a.example>', d: '<timestamp-in:soon>' }, 'DATA_FUNCTION_INVALID_ARGUMENT', 'd'],
      [{ c: '<context:>' }, 'DATA_FUNCTION_INVALID_ARGUMENT', 'c'],
      [{ l: '<last:nope>' }, 'DATA_FUNCTION_INVALID_ARGUMENT', 'l'],
      [{ l: '<last:uuid>' }, 'DATA_FUNCTION_UNRESOLVED', 'l'],
      [{ w: '<webhook:ftp://a.example/x>' }, 'DATA_FUNCTION_INVALID_ARGUMENT', 'w'],
      [JSON.parse('{"__proto__":{"x":"<uuid>"}}') as Record<string, unknown>, 'MAPPING_INVALID', '__proto__'],
    ];
    for (const [mapping, code, path] of cases) {
      await assert.rejects(applyMapping(mapping, ctx(), { fetchText }), isCode(code, path), code);
    }
    assert.equal(fetched, false);
  });

  it('does not mutate the mapping or share objects with the context', async () => {
    const mapping = { a: { b: ['<issuerId>'] }, c: '<context:nested>' };
    const before = JSON.stringify(mapping);
    const context = ctx();
    const result = await applyMapping(mapping, context);
    assert.equal(JSON.stringify(mapping), before);
    (result.credentialData['c'] as { level: number }).level = 9;
    assert.deepEqual(context.context?.['nested'], { level: 2 });
  });
});
