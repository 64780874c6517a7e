import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { createList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import {
  decodeBitstringStatusList,
  encodeBitstringStatusList,
  MIN_BITSTRING_ENTRIES,
  StatusListLengthError,
} from './bitstring-status-list.codec';
import { StatusBitstring } from './status-bitstring';
import { validateStatusMessages } from './status-message';

/** The empty 131,072-entry list of the Bitstring Status List v1.0 examples. */
const SPEC_EMPTY_LIST = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('Bitstring Status List codec (W3C Recommendation v1.0)', () => {
  it('decodes the specification example to 131,072 VALID entries, and an empty list encodes to no more than its 69 characters', () => {
    const decoded = decodeBitstringStatusList(SPEC_EMPTY_LIST);
    assert.equal(decoded.size, MIN_BITSTRING_ENTRIES);
    assert.ok(decoded.bytes.every((b) => b === 0));
    const ours = encodeBitstringStatusList(new StatusBitstring(MIN_BITSTRING_ENTRIES));
    assert.ok(ours.length <= SPEC_EMPTY_LIST.length, `${ours.length} characters`);
    assert.ok(ours.startsWith('uH4sI'), 'multibase u + base64url of a gzip stream');
  });

  it('writes MSB-first: index 0 is the left-most bit of byte 0', () => {
    const bits = new StatusBitstring(MIN_BITSTRING_ENTRIES);
    bits.set(0, 1);
    bits.set(9, 1);
    assert.equal(bits.bytes[0], 0x80);
    assert.equal(bits.bytes[1], 0x40);
    const raw = gunzipSync(Buffer.from(encodeBitstringStatusList(bits).slice(1), 'base64url'));
    assert.equal(raw[0], 0x80);
    assert.equal(raw[1], 0x40);
  });

  it('agrees with @digitalbazaar/vc-bitstring-status-list in both directions', async () => {
    const bits = new StatusBitstring(MIN_BITSTRING_ENTRIES);
    for (const i of [0, 94_567, MIN_BITSTRING_ENTRIES - 1]) bits.set(i, 1);
    const theirs = await decodeList({ encodedList: encodeBitstringStatusList(bits) });
    assert.equal(theirs.length, MIN_BITSTRING_ENTRIES);
    for (const i of [0, 94_567, MIN_BITSTRING_ENTRIES - 1]) assert.equal(theirs.getStatus(i), true);
    assert.equal(theirs.getStatus(1), false);

    const list = await createList({ length: MIN_BITSTRING_ENTRIES });
    list.setStatus(42, true);
    const back = decodeBitstringStatusList(await list.encode());
    assert.equal(back.get(42), 1);
    assert.equal(back.get(43), 0);
  });

  it('stores multi-bit statuses with the value MSB first (statusSize 2, purpose message)', () => {
    const bits = new StatusBitstring(MIN_BITSTRING_ENTRIES, 2);
    bits.set(0, 0b10);
    bits.set(1, 0b01);
    bits.set(3, 0b11);
    assert.equal(bits.bytes[0], 0b1001_0011);
    const decoded = decodeBitstringStatusList(encodeBitstringStatusList(bits), 2);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => decoded.get(i)),
      [2, 1, 0, 3],
    );
    bits.set(0, 0);
    assert.equal(bits.get(0), 0, 'clearing writes zeros');
  });

  it('refuses lists below the minimum size, a missing multibase prefix, and incomplete statusMessage tables', () => {
    assert.throws(() => encodeBitstringStatusList(new StatusBitstring(1024)), StatusListLengthError);
    assert.throws(() => decodeBitstringStatusList(SPEC_EMPTY_LIST.slice(1)), /prefix "u"/);
    assert.deepEqual(validateStatusMessages(1, undefined), []);
    assert.match(validateStatusMessages(2, undefined)[0], /required/);
    assert.match(validateStatusMessages(2, [{ status: '0x0', message: 'valid' }])[0], /exactly 4/);
    const full = ['0x0', '0x1', '0x2', '0x3'].map((status) => ({ status, message: status }));
    assert.deepEqual(validateStatusMessages(2, full), []);
  });
});
