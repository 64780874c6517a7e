import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StatusBitstring, TokenStatusArray, encodeBitstringStatusList, encodeTokenStatusList } from '@issuer/status-list';
import { statusInToken } from './status-bench';

const jwt = (payload: unknown) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('status bench: reading a served list', () => {
  it('reads an index of a Token Status List JWT (LSB-first, 2 bits)', () => {
    const list = new TokenStatusArray(1024, 2);
    list.set(513, 2);
    const token = jwt({ sub: 'u', status_list: encodeTokenStatusList(list) });
    assert.equal(statusInToken('TokenStatusList', token, 513, 2), 2);
    assert.equal(statusInToken('TokenStatusList', token, 512, 2), 0);
  });

  it('reads an index of a Bitstring Status List credential (MSB-first, 1 bit)', () => {
    const bits = new StatusBitstring(131_072, 1);
    bits.set(7, 1);
    const token = jwt({ credentialSubject: { encodedList: encodeBitstringStatusList(bits) } });
    assert.equal(statusInToken('BitstringStatusList', token, 7, 1), 1);
    assert.equal(statusInToken('BitstringStatusList', token, 0, 1), 0);
  });
});
