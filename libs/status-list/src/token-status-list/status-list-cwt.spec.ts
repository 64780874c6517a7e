import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { StatusList } from '@sd-jwt/jwt-status-list';
import { decode, encode, Tag } from 'cbor-x';
import { signStatusListCwt, STATUS_LIST_CWT_MEDIA_TYPE } from './status-list-cwt';
import { TokenStatusArray } from './token-status-array';

describe('Token Status List in CWT form (draft-ietf-oauth-status-list §5.2)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const uri = 'https://issuer.example/status-lists/1';

  async function issued() {
    const list = new TokenStatusArray(1024, 2);
    list.set(7, 1);
    list.set(42, 2);
    const cwt = await signStatusListCwt(
      { list, uri, iss: 'https://issuer.example', alg: 'ES256', kid: 'k1', issuedAt: new Date(1_700_000_000_000), ttlSeconds: 300 },
      async (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
    );
    return cwt;
  }

  it('is a tagged COSE_Sign1 whose ES256 signature verifies over the Sig_structure, with typ and the list claims', async () => {
    const decoded = decode(await issued()) as Tag;
    assert.ok(decoded instanceof Tag && decoded.tag === 18, 'COSE_Sign1 tag 18');
    const [protectedBytes, unprotected, payload, signature] = decoded.value as [Uint8Array, unknown, Uint8Array, Uint8Array];
    const header = decode(protectedBytes) as Record<number, unknown>;
    assert.equal(header[1], -7);
    assert.equal(header[16], STATUS_LIST_CWT_MEDIA_TYPE);
    assert.equal(Buffer.from(header[4] as Uint8Array).toString(), 'k1');
    assert.ok(unprotected instanceof Map || typeof unprotected === 'object');
    // The verifier builds the Sig_structure itself (RFC 9052 §4.4); Buffers encode as plain bstr in cbor-x.
    const toBeSigned = encode(['Signature1', Buffer.from(protectedBytes), Buffer.alloc(0), Buffer.from(payload)]);
    assert.ok(verify('sha256', toBeSigned, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
    const claims = decode(payload) as Record<number, any>;
    assert.equal(claims[2], uri);
    assert.equal(claims[6], 1_700_000_000);
    assert.equal(claims[65534], 300);
    const statusList = claims[65533];
    assert.equal(statusList.bits, 2);
    // Read with @sd-jwt/jwt-status-list from the ZLIB bytes of the bstr.
    const read = StatusList.decompressStatusList(Buffer.from(statusList.lst).toString('base64url'), 2);
    assert.deepEqual([read.getStatus(7), read.getStatus(42), read.getStatus(8)], [1, 2, 0]);
  });

  it('refuses an algorithm without a COSE id', async () => {
    await assert.rejects(
      signStatusListCwt({ list: new TokenStatusArray(8, 1), uri, alg: 'HS256', issuedAt: new Date() }, async () => new Uint8Array()),
      /no COSE algorithm/,
    );
  });
});
