import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;

/**
 * Encrypts private key material at rest with AES-256-GCM under the master key. The key id is the
 * additional authenticated data, so a ciphertext copied onto another row does not decrypt.
 * Layout: version(1) ‖ iv(12) ‖ tag(16) ‖ ciphertext.
 */
export class MasterKeyCipher {
  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  }

  encrypt(plaintext: Buffer, keyId: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
  }

  decrypt(blob: Buffer, keyId: string): Buffer {
    if (blob[0] !== VERSION) throw new Error(`unknown key encryption version ${blob[0]}`);
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, blob.subarray(1, 13));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(blob.subarray(13, 29));
    return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]);
  }
}
