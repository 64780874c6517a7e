import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { getListFromStatusListJWT, StatusList } from '@sd-jwt/jwt-status-list';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { TokenStatusArray } from './token-status-array';
import { decodeTokenStatusList, encodeTokenStatusList } from './token-status-list.codec';
import { signStatusListToken } from './status-list-token';

/** Independent LSB-first reader over the raw inflated bytes (formats-and-status §8.7). */
function readRaw(lst: string, bits: number, idx: number): number {
  const bytes = inflateSync(Buffer.from(lst, 'base64url'));
  const perByte = 8 / bits;
  return (bytes[Math.floor(idx / perByte)] >> ((idx % perByte) * bits)) & ((1 << bits) - 1);
}

function listOf(statuses: number[], bits: 1 | 2 | 4 | 8): TokenStatusArray {
  const list = new TokenStatusArray(statuses.length, bits);
  statuses.forEach((value, index) => list.set(index, value));
  return list;
}

/**
 * The same ZLIB stream as the specification's vector but for the header's FLEVEL bits (RFC 1950 §2.2: a hint,
 * "not needed for decompression"), which zlib sets to "fastest" for the run-length strategy the codec uses.
 */
function assertSameDeflate(ours: { bits: number; lst: string }, spec: { bits: number; lst: string }): void {
  const [a, b] = [ours.lst, spec.lst].map((lst) => Buffer.from(lst, 'base64url'));
  assert.equal(ours.bits, spec.bits);
  assert.equal(a[0], 0x78, 'ZLIB, DEFLATE with a 32 KiB window');
  assert.equal((a[0] * 256 + a[1]) % 31, 0, 'a valid ZLIB header check');
  assert.deepEqual(a.subarray(2), b.subarray(2), 'the DEFLATE stream and Adler-32 of the specification');
}

describe('Token Status List codec (draft-ietf-oauth-status-list)', () => {
  it('matches the 1-bit specification vector: bytes b9 a3, lst eNrbuRgAAhcBXQ', () => {
    const list = listOf([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1], 1);
    assert.deepEqual([...list.bytes], [0xb9, 0xa3]);
    assertSameDeflate(encodeTokenStatusList(list), { bits: 1, lst: 'eNrbuRgAAhcBXQ' });
  });

  it('matches the 2-bit specification vector: bytes c9 44 f9, lst eNo76fITAAPfAgc', () => {
    const statuses = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
    const list = listOf(statuses, 2);
    assert.deepEqual([...list.bytes], [0xc9, 0x44, 0xf9]);
    assertSameDeflate(encodeTokenStatusList(list), { bits: 2, lst: 'eNo76fITAAPfAgc' });
    const decoded = decodeTokenStatusList({ bits: 2, lst: 'eNo76fITAAPfAgc' });
    assert.deepEqual(
      statuses.map((_, i) => decoded.get(i)),
      statuses,
    );
  });

  for (const bits of [1, 2, 4, 8] as const) {
    it(`round-trips ${bits}-bit lists and agrees with @sd-jwt/jwt-status-list in both directions`, () => {
      const size = 4096;
      const values = Array.from({ length: size }, (_, i) => (i * 7919) % (1 << bits));
      const ours = listOf(values, bits);
      const { lst } = encodeTokenStatusList(ours);
      const theirs = StatusList.decompressStatusList(lst, bits);
      for (const i of [0, 1, 7, 8, 9, 1000, size - 1]) {
        assert.equal(theirs.getStatus(i), values[i]);
        assert.equal(readRaw(lst, bits, i), values[i]);
      }
      const back = decodeTokenStatusList({ bits, lst: new StatusList(values, bits).compressStatusList() });
      assert.deepEqual(
        Array.from({ length: size }, (_, i) => back.get(i)),
        values,
      );
    });
  }

  it('decodes lst given as CWT bytes like the base64url text, and refuses lists inflating beyond maxBytes', () => {
    const list = listOf([1, 0, 2, 3], 2);
    const { lst } = encodeTokenStatusList(list);
    assert.deepEqual(decodeTokenStatusList({ bits: 2, lst: Buffer.from(lst, 'base64url') }).bytes, list.bytes);
    const bomb = encodeTokenStatusList(new TokenStatusArray(8 * 1024 * 8, 1)).lst; // 8 KiB of zeros, a few bytes compressed
    assert.equal(decodeTokenStatusList({ bits: 1, lst: bomb }, { maxBytes: 8 * 1024 }).size, 8 * 1024 * 8);
    assert.throws(() => decodeTokenStatusList({ bits: 1, lst: bomb }, { maxBytes: 8 * 1024 - 1 }), RangeError);
  });

  it('overwrites an entry without touching its neighbours, and refuses values and indexes out of range', () => {
    const list = listOf([3, 3, 3, 3], 2);
    list.set(1, 0);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => list.get(i)),
      [3, 0, 3, 3],
    );
    assert.throws(() => list.set(0, 4), RangeError);
    assert.throws(() => list.get(4), RangeError);
    assert.throws(() => new TokenStatusArray(8, 3 as 1), RangeError);
  });

  it('handles a 1,000,000-entry list: sparse writes on the buffer, one compression', () => {
    const list = new TokenStatusArray(1_000_000, 2);
    list.set(999_999, 2);
    list.set(123_456, 1);
    const { lst } = encodeTokenStatusList(list);
    assert.equal(readRaw(lst, 2, 999_999), 2);
    assert.equal(readRaw(lst, 2, 123_456), 1);
    assert.equal(readRaw(lst, 2, 500_000), 0);
  });

  it('compresses a changed list anew: the JWT and CWT forms of one publish share one compression, never a stale one', () => {
    const list = new TokenStatusArray(1_000_000, 2);
    const other = new TokenStatusArray(1_000_000, 2);
    other.set(5, 1);
    const first = encodeTokenStatusList(list);
    assert.deepEqual(encodeTokenStatusList(list), first, 'the same bytes give the same claim');
    list.set(999_999, 2);
    const changed = encodeTokenStatusList(list);
    assert.notEqual(changed.lst, first.lst);
    assert.equal(readRaw(changed.lst, 2, 999_999), 2);
    assert.equal(readRaw(encodeTokenStatusList(other).lst, 2, 5), 1);
    assert.equal(readRaw(encodeTokenStatusList(list).lst, 2, 5), 0, 'another list in between does not leak into this one');
    assert.equal(encodeTokenStatusList(new TokenStatusArray(1_000_000, 1)).bits, 1, 'equal bytes of another bit width are another list');
  });

  it('signs a statuslist+jwt that jose verifies and @sd-jwt/jwt-status-list reads', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const list = listOf([0, 1, 2, 0, 0, 0, 0, 0], 2);
    const jwt = await signStatusListToken(
      {
        list,
        uri: 'https://issuer.example/status-lists/1',
        iss: 'https://issuer.example',
        alg: 'ES256',
        kid: 'k1',
        issuedAt: new Date(1_700_000_000_000),
        expiresAt: new Date(Date.now() + 3_600_000),
        ttlSeconds: 300,
      },
      async (input) => nodeSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'),
    );
    const key = await importJWK(publicKey.export({ format: 'jwk' }) as JWK, 'ES256');
    const { payload } = await jwtVerify(jwt, key, { typ: 'statuslist+jwt' });
    assert.equal(payload.sub, 'https://issuer.example/status-lists/1');
    assert.equal(payload.iat, 1_700_000_000);
    assert.equal(payload.ttl, 300);
    assert.equal(decodeProtectedHeader(jwt).kid, 'k1');
    const decoded = getListFromStatusListJWT(jwt);
    assert.deepEqual(
      [0, 1, 2].map((i) => decoded.getStatus(i)),
      [0, 1, 2],
    );
  });
});
