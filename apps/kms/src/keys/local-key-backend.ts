import { createPrivateKey, type KeyObject } from 'node:crypto';
import { DEFAULT_ALG, type KeyType, type PublicJwk } from '@issuer/contracts';
import { generateKeyMaterial, importPrivateJwk, publicJwkOf, signBytes } from './key-material';
import type { KmsBackend, StoredKey } from './kms-backend';
import type { MasterKeyCipher } from './master-key-cipher';

const CACHE_TTL_MS = 60_000;

/**
 * Keys generated or imported here, stored as PKCS#8 encrypted under the master key. Decrypted KeyObjects
 * are cached for a minute: signing is the hot path and decryption plus parsing costs more than the
 * signature itself. The cache only holds immutable data, so replicas never disagree.
 */
export class LocalKeyBackend implements KmsBackend {
  readonly name = 'local';
  private readonly cache = new Map<string, { key: KeyObject; expires: number }>();

  constructor(private readonly cipher: MasterKeyCipher) {}

  isOperationSupported(): boolean {
    return true;
  }

  async createKey(keyId: string, type: KeyType) {
    return this.store(keyId, await generateKeyMaterial(type), DEFAULT_ALG[type]);
  }

  async importKey(keyId: string, jwk: Record<string, unknown>) {
    const { privateKey, type } = importPrivateJwk(jwk);
    const kid = typeof jwk.kid === 'string' && jwk.kid.length > 0 ? jwk.kid : undefined;
    return { type, ...(await this.store(keyId, privateKey, DEFAULT_ALG[type], kid)) };
  }

  async sign(key: StoredKey, alg: string, data: Buffer): Promise<Buffer> {
    return signBytes(this.privateKeyOf(key), alg, data);
  }

  async getPublicKey(key: StoredKey): Promise<PublicJwk> {
    return key.publicJwk;
  }

  evict(keyId: string): void {
    this.cache.delete(keyId);
  }

  private async store(keyId: string, privateKey: KeyObject, alg: string, kid?: string) {
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
    return {
      publicJwk: await publicJwkOf(privateKey, alg, kid),
      alg,
      privateKeyEncrypted: this.cipher.encrypt(pkcs8, keyId),
      externalKeyId: null,
    };
  }

  private privateKeyOf(key: StoredKey): KeyObject {
    const now = Date.now();
    const cached = this.cache.get(key.keyId);
    if (cached && cached.expires > now) return cached.key;
    if (!key.privateKeyEncrypted) throw new Error(`key ${key.keyId} has no local private part`);
    const privateKey = createPrivateKey({ key: this.cipher.decrypt(key.privateKeyEncrypted, key.keyId), format: 'der', type: 'pkcs8' });
    this.cache.set(key.keyId, { key: privateKey, expires: now + CACHE_TTL_MS });
    return privateKey;
  }
}
