import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  credentialStatusValue,
  decodeStatusValue,
  DEFAULT_STATUS_MESSAGES,
  encodeStatusValue,
  planCredentialStatus,
  statusBitsFor,
  tokenStatusClaim,
  type CredentialEntryState,
} from './status-semantics';
import { validateStatusMessages } from './bitstring-status-list/status-message';

describe('status semantics', () => {
  it('uses 2 bits for Token Status Lists that can suspend, 1 bit otherwise', () => {
    assert.equal(statusBitsFor('TokenStatusList', 'suspension'), 2);
    assert.equal(statusBitsFor('TokenStatusList', 'revocation'), 1);
    assert.equal(statusBitsFor('BitstringStatusList', 'suspension'), 1);
    assert.equal(statusBitsFor('BitstringStatusList', 'message'), 2);
  });

  it('maps admin statuses onto a Bitstring message list as 0x0/0x1/0x2, described by a valid statusMessage', () => {
    for (const [value, raw] of [
      ['VALID', 0],
      ['REVOKED', 1],
      ['SUSPENDED', 2],
    ] as const) {
      assert.deepEqual(encodeStatusValue('BitstringStatusList', 'message', value), { ok: true, raw });
      assert.equal(decodeStatusValue('BitstringStatusList', 'message', raw), value);
      assert.equal(DEFAULT_STATUS_MESSAGES[raw].message, value.toLowerCase());
    }
    assert.deepEqual(validateStatusMessages(2, [...DEFAULT_STATUS_MESSAGES]), []);
  });

  it('plans a status over a credential with revocation and suspension lists', () => {
    const both = (revoked: number, suspended: number): CredentialEntryState[] => [
      { type: 'BitstringStatusList', purpose: 'revocation', raw: revoked },
      { type: 'BitstringStatusList', purpose: 'suspension', raw: suspended },
    ];
    assert.deepEqual(planCredentialStatus(both(0, 0), 'SUSPENDED'), { ok: true, raws: [0, 1] });
    assert.deepEqual(planCredentialStatus(both(0, 1), 'VALID'), { ok: true, raws: [0, 0] });
    assert.deepEqual(planCredentialStatus(both(0, 1), 'REVOKED'), { ok: true, raws: [1, 1] });
    assert.equal(credentialStatusValue(both(1, 1)), 'REVOKED');
    assert.equal(credentialStatusValue(both(0, 1)), 'SUSPENDED');
    const final = planCredentialStatus(both(1, 0), 'VALID');
    assert.ok(!final.ok && final.conflict === 'revoked' && /revocation is final/.test(final.reason));
    const revocationOnly = planCredentialStatus([{ type: 'StatusList2021', purpose: 'revocation', raw: 0 }], 'SUSPENDED');
    assert.ok(!revocationOnly.ok && revocationOnly.conflict === 'inexpressible');
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
