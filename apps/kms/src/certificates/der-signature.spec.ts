import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { ecdsaDerToRaw, ecdsaRawToDer } from './der-signature';

describe('ECDSA signature encoding', () => {
  it('encodes r‖s as a minimal DER SEQUENCE of two INTEGERs', () => {
    const raw = Buffer.concat([Buffer.alloc(31), Buffer.from([0x01]), Buffer.from([0x80]), Buffer.alloc(31, 0x11)]);
    const der = ecdsaRawToDer(raw);
    // r = 1 (leading zeros dropped); s has its high bit set, so a 0x00 is prepended.
    assert.equal(der.toString('hex'), `3026020101022100${'80' + '11'.repeat(31)}`);
    assert.deepEqual(ecdsaDerToRaw(der, 32), raw);
  });

  it('uses the long length form when the body exceeds 127 bytes', () => {
    const raw = Buffer.alloc(132, 0xff); // P-521-sized halves
    const der = ecdsaRawToDer(raw);
    assert.equal(der[0], 0x30);
    assert.equal(der[1], 0x81);
    assert.equal(der[2], der.length - 3);
    assert.deepEqual(ecdsaDerToRaw(der, 66), raw);
  });

  for (const namedCurve of ['prime256v1', 'secp384r1']) {
    it(`agrees with node:crypto for ${namedCurve} in both directions`, () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve });
      const size = namedCurve === 'prime256v1' ? 32 : 48;
      const hash = size === 32 ? 'sha256' : 'sha384';
      for (let i = 0; i < 20; i++) {
        const data = Buffer.from(`message ${i}`);
        const raw = sign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        const der = ecdsaRawToDer(raw);
        assert.ok(verify(hash, data, { key: createPublicKey(privateKey), dsaEncoding: 'der' }, der));
        const nodeDer = sign(hash, data, { key: privateKey, dsaEncoding: 'der' });
        assert.ok(verify(hash, data, { key: createPublicKey(privateKey), dsaEncoding: 'ieee-p1363' }, ecdsaDerToRaw(nodeDer, size)));
        assert.deepEqual(ecdsaRawToDer(ecdsaDerToRaw(nodeDer, size)), nodeDer, 'node DER is minimal and re-encodes identically');
      }
    });
  }

  it('rejects malformed input', () => {
    assert.throws(() => ecdsaRawToDer(Buffer.alloc(63)));
    assert.throws(() => ecdsaDerToRaw(Buffer.from('3006020101020102ff', 'hex'), 32));
    assert.throws(() => ecdsaDerToRaw(Buffer.from('300402010102', 'hex'), 32));
  });
});
