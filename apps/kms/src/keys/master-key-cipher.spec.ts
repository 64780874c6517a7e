import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MasterKeyCipher } from './master-key-cipher';

const KEY_ID = '7d0f3c4e-0b8a-4a8e-9a57-3c1f2f1d9e01';

describe('MasterKeyCipher', () => {
  const master = randomBytes(32);
  const cipher = new MasterKeyCipher(master);
  const plaintext = randomBytes(121);

  it('decrypts what it encrypted, and the blob does not contain the plaintext', () => {
    const blob = cipher.encrypt(plaintext, KEY_ID);
    assert.deepEqual(cipher.decrypt(blob, KEY_ID), plaintext);
    assert.equal(blob.indexOf(plaintext), -1);
    assert.equal(blob.indexOf(plaintext.subarray(0, 16)), -1);
    assert.equal(blob[0], 1, 'version byte');
    assert.equal(blob.length, 1 + 12 + 16 + plaintext.length);
  });

  it('round-trips an empty plaintext', () => {
    assert.equal(cipher.decrypt(cipher.encrypt(Buffer.alloc(0), KEY_ID), KEY_ID).length, 0);
  });

  it('uses a fresh IV for each encryption', () => {
    const a = cipher.encrypt(plaintext, KEY_ID);
    const b = cipher.encrypt(plaintext, KEY_ID);
    assert.notDeepEqual(a.subarray(1, 13), b.subarray(1, 13));
    assert.notDeepEqual(a, b);
  });

  it('refuses a tampered ciphertext, IV or tag (every byte after the version)', () => {
    const blob = cipher.encrypt(plaintext, KEY_ID);
    for (const at of [1, 12, 13, 28, 29, blob.length - 1]) {
      const tampered = Buffer.from(blob);
      tampered[at] ^= 0x01;
      assert.throws(() => cipher.decrypt(tampered, KEY_ID), `byte ${at} flipped must not decrypt`);
    }
  });

  it('refuses a truncated blob', () => {
    const blob = cipher.encrypt(plaintext, KEY_ID);
    assert.throws(() => cipher.decrypt(blob.subarray(0, blob.length - 1), KEY_ID));
  });

  it('refuses to decrypt under another key id (AAD): a blob copied onto another row is useless', () => {
    const blob = cipher.encrypt(plaintext, KEY_ID);
    assert.throws(() => cipher.decrypt(blob, '00000000-0000-4000-8000-000000000000'));
    assert.throws(() => cipher.decrypt(blob, ''));
  });

  it('refuses to decrypt under another master key', () => {
    const blob = cipher.encrypt(plaintext, KEY_ID);
    const other = new MasterKeyCipher(randomBytes(32));
    assert.throws(() => other.decrypt(blob, KEY_ID));
  });

  it('refuses an unknown version byte', () => {
    const blob = cipher.encrypt(plaintext, KEY_ID);
    blob[0] = 2;
    assert.throws(() => cipher.decrypt(blob, KEY_ID), /unknown key encryption version 2/);
  });

  it('requires a 32-byte master key', () => {
    assert.throws(() => new MasterKeyCipher(randomBytes(16)), /32 bytes/);
    assert.throws(() => new MasterKeyCipher(randomBytes(33)), /32 bytes/);
    assert.throws(() => new MasterKeyCipher(Buffer.alloc(0)), /32 bytes/);
  });
});
