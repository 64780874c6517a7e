import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchOfferRequestSchema, offerRequestSchema, sessionIdSchema } from './offer-request.schema';

/** The paths zod reports for `body`, or [] when it parses. */
function errorPaths(body: unknown): string[] {
  const result = offerRequestSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''));
}

const PRE = { authMethod: 'PRE_AUTHORIZED' } as const;

describe('offerRequestSchema', () => {
  it('fills the defaults of API.md §6: BY_REFERENCE and 300 s', () => {
    const parsed = offerRequestSchema.parse(PRE);
    assert.equal(parsed.valueMode, 'BY_REFERENCE');
    assert.equal(parsed.expiresInSeconds, 300);
    assert.equal(parsed.txCode, undefined);
    assert.equal(parsed.sessionId, undefined);
  });

  it('accepts a full valid request and defaults the tx_code input mode to numeric', () => {
    const parsed = offerRequestSchema.parse({
      ...PRE,
      valueMode: 'BY_VALUE',
      expiresInSeconds: 3600,
      txCode: { length: 6, description: 'sent by SMS' },
      txCodeValue: '493027',
      runtimeOverrides: { credentialData: { given_name: 'Max' } },
      sessionId: 'Caller_chosen-ID-1',
    });
    assert.equal(parsed.txCode?.input_mode, 'numeric');
    assert.equal(parsed.txCodeValue, '493027');
    assert.deepEqual(parsed.runtimeOverrides?.credentialData, { given_name: 'Max' });
  });

  it('requires authMethod', () => {
    assert.deepEqual(errorPaths({}), ['authMethod']);
    assert.deepEqual(errorPaths({ authMethod: 'pre_authorized' }), ['authMethod']);
  });

  it('refuses txCodeValue without txCode', () => {
    assert.deepEqual(errorPaths({ ...PRE, txCodeValue: '1234' }), ['txCodeValue']);
  });

  it('refuses letters in a numeric tx code value, and accepts them for text', () => {
    assert.deepEqual(errorPaths({ ...PRE, txCode: { input_mode: 'numeric' }, txCodeValue: '12a4' }), ['txCodeValue']);
    assert.deepEqual(errorPaths({ ...PRE, txCode: {}, txCodeValue: '12a4' }), ['txCodeValue'], 'numeric is the default');
    assert.deepEqual(errorPaths({ ...PRE, txCode: { input_mode: 'text' }, txCodeValue: 'AB12' }), []);
  });

  it('refuses a tx code value whose length differs from txCode.length', () => {
    assert.deepEqual(errorPaths({ ...PRE, txCode: { length: 6 }, txCodeValue: '1234' }), ['txCodeValue']);
    assert.deepEqual(errorPaths({ ...PRE, txCode: { length: 4 }, txCodeValue: '1234' }), []);
    const both = offerRequestSchema.safeParse({ ...PRE, txCode: { length: 6 }, txCodeValue: 'ab' });
    assert.equal(both.success ? 0 : both.error.issues.length, 2, 'letters and length are both reported');
  });

  it('refuses malformed txCode objects', () => {
    assert.deepEqual(errorPaths({ ...PRE, txCode: { length: 0 } }), ['txCode.length']);
    assert.deepEqual(errorPaths({ ...PRE, txCode: { input_mode: 'emoji' } }), ['txCode.input_mode']);
    assert.deepEqual(errorPaths({ ...PRE, txCode: { description: 'x'.repeat(301) } }), ['txCode.description']);
    assert.ok(errorPaths({ ...PRE, txCode: { colour: 'red' } }).length === 1);
  });

  it('accepts AUTHORIZED, refuses a tx_code with it and runtimeOverrides with issuerStateMode OMIT', () => {
    assert.deepEqual(errorPaths({ authMethod: 'AUTHORIZED' }), []);
    assert.deepEqual(errorPaths({ authMethod: 'AUTHORIZED', issuerStateMode: 'INCLUDE' }), []);
    assert.deepEqual(errorPaths({ authMethod: 'AUTHORIZED', txCode: { length: 4 } }), ['txCode']);
    assert.deepEqual(errorPaths({ authMethod: 'AUTHORIZED', issuerStateMode: 'OMIT', runtimeOverrides: { credentialData: {} } }), [
      'runtimeOverrides',
    ]);
  });

  it('refuses issuerStateMode with PRE_AUTHORIZED', () => {
    assert.deepEqual(errorPaths({ ...PRE, issuerStateMode: 'INCLUDE' }), ['issuerStateMode']);
    assert.deepEqual(errorPaths({ ...PRE, issuerStateMode: 'OMIT' }), ['issuerStateMode']);
  });

  it('accepts expiresInSeconds -1 (never) and refuses 0, -2, fractions and more than a year', () => {
    assert.equal(offerRequestSchema.parse({ ...PRE, expiresInSeconds: -1 }).expiresInSeconds, -1);
    assert.equal(offerRequestSchema.parse({ ...PRE, expiresInSeconds: 1 }).expiresInSeconds, 1);
    for (const value of [0, -2, -300, 1.5, 366 * 24 * 3600 + 1, '300', null]) {
      assert.deepEqual(errorPaths({ ...PRE, expiresInSeconds: value }), ['expiresInSeconds'], String(value));
    }
  });

  it('refuses session ids with characters outside [A-Za-z0-9_-] or longer than 128', () => {
    for (const sessionId of ['', 'with space', 'a/b', 'a.b', "x'; DROP TABLE", 'ümlaut', 'a%2Fb', 'x'.repeat(129), '\u0000']) {
      assert.deepEqual(errorPaths({ ...PRE, sessionId }), ['sessionId'], JSON.stringify(sessionId));
    }
    assert.equal(sessionIdSchema.safeParse('x'.repeat(128)).success, true);
  });

  it('refuses unknown fields, at the top level and in runtimeOverrides', () => {
    const top = offerRequestSchema.safeParse({ ...PRE, colour: 'red' });
    assert.equal(top.success, false);
    assert.ok(!top.success && top.error.issues.some((i) => i.code === 'unrecognized_keys' && i.keys.includes('colour')));
    const nested = offerRequestSchema.safeParse({ ...PRE, runtimeOverrides: { colour: 'red' } });
    assert.ok(!nested.success && nested.error.issues.some((i) => i.path[0] === 'runtimeOverrides'));
    for (const identity of ['id', 'name', 'credentialConfigurationId']) {
      assert.equal(offerRequestSchema.safeParse({ ...PRE, runtimeOverrides: { [identity]: 'x' } }).success, false, identity);
    }
  });

  it('refuses non-objects and wrong JSON types without throwing', () => {
    for (const body of [null, 'PRE_AUTHORIZED', 42, [], [PRE], true]) {
      assert.equal(offerRequestSchema.safeParse(body).success, false, JSON.stringify(body));
    }
    assert.deepEqual(errorPaths({ ...PRE, valueMode: 1 }), ['valueMode']);
    assert.deepEqual(errorPaths({ ...PRE, runtimeOverrides: [] }), ['runtimeOverrides']);
  });
});

describe('batchOfferRequestSchema', () => {
  it('takes 1 to 1000 offers and nothing else', () => {
    assert.equal(batchOfferRequestSchema.safeParse({ offers: [] }).success, false);
    assert.equal(batchOfferRequestSchema.safeParse({ offers: [PRE] }).success, true);
    assert.equal(batchOfferRequestSchema.safeParse({ offers: Array(1000).fill(PRE) }).success, true);
    assert.equal(batchOfferRequestSchema.safeParse({ offers: Array(1001).fill(PRE) }).success, false);
    assert.equal(batchOfferRequestSchema.safeParse({ offers: [PRE], extra: 1 }).success, false);
    assert.equal(batchOfferRequestSchema.safeParse({ offers: PRE }).success, false);
  });
});
