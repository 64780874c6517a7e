import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeStatusValue, encodeStatusValue, statusBitsFor, tokenStatusClaim } from './status-semantics';

describe('status semantics', () => {
  it('uses 2 bits for Token Status Lists that can suspend, 1 bit otherwise', () => {
    assert.equal(statusBitsFor('TokenStatusList', 'suspension'), 2);
    assert.equal(statusBitsFor('TokenStatusList', 'revocation'), 1);
    assert.equal(statusBitsFor('BitstringStatusList', 'suspension'), 1);
  });

  it('maps admin statuses to the draft values 0/1/2 and back', () => {
    for (const [value, raw] of [
      ['VALID', 0],
      ['REVOKED', 1],
      ['SUSPENDED', 2],
    ] as const) {
      assert.deepEqual(encodeStatusValue('TokenStatusList', 'suspension', value), { ok: true, raw });
      assert.equal(decodeStatusValue('TokenStatusList', 'suspension', raw), value);
    }
  });

  it('refuses statuses a list cannot express', () => {
    assert.equal(encodeStatusValue('TokenStatusList', 'revocation', 'SUSPENDED').ok, false);
    assert.equal(encodeStatusValue('BitstringStatusList', 'suspension', 'REVOKED').ok, false);
    assert.equal(encodeStatusValue('StatusList2021', 'revocation', 'SUSPENDED').ok, false);
    assert.deepEqual(encodeStatusValue('StatusList2021', 'suspension', 'SUSPENDED'), { ok: true, raw: 1 });
    assert.equal(decodeStatusValue('BitstringStatusList', 'suspension', 1), 'SUSPENDED');
  });

  it('builds the SD-JWT VC status claim with an integer idx', () => {
    assert.deepEqual(tokenStatusClaim({ index: 7, uri: 'https://i.example/status-lists/x' }), {
      status_list: { idx: 7, uri: 'https://i.example/status-lists/x' },
    });
  });
});
