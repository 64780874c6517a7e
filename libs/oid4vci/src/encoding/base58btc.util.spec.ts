import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { base58btcDecode, base58btcEncode } from './base58btc.util';

/** Reference values of the base58btc draft (draft-msporny-base58-03 §5) and the multibase test vectors. */
const VECTORS: [Buffer, string][] = [
  [Buffer.from('Hello World!'), '2NEpo7TZRRrLZSi2U'],
  [Buffer.from('The quick brown fox jumps over the lazy dog.'), 'USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z'],
  [Buffer.from('0000287fb4cd', 'hex'), '11233QC4'],
];

describe('base58btc', () => {
  it('encodes and decodes the reference vectors', () => {
    for (const [bytes, encoded] of VECTORS) {
      assert.equal(base58btcEncode(bytes), encoded, bytes.toString('hex'));
      assert.deepEqual(Buffer.from(base58btcDecode(encoded)!), bytes, encoded);
    }
  });

  it('round-trips random bytes, leading zero bytes included', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.concat([Buffer.alloc(i % 4), randomBytes(1 + (i % 70))]);
      assert.deepEqual(Buffer.from(base58btcDecode(base58btcEncode(bytes))!), bytes);
    }
    assert.equal(base58btcEncode(Buffer.from([0, 0])), '11');
    assert.equal(base58btcEncode(new Uint8Array()), '');
  });

  it('refuses characters outside the alphabet (0, O, I, l)', () => {
    for (const text of ['0', 'O', 'I', 'l', 'abc+']) assert.equal(base58btcDecode(text), undefined, text);
  });
});
