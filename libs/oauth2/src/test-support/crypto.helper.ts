// Test-only crypto for the specs: node:crypto verification and hashing, jose keys and signing, an in-memory jti
// store. Production callers pass their own callbacks (kms-backed or node:crypto); the barrel does not export this.
import { constants, createHash, createPublicKey, KeyObject, randomBytes, sign, verify } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { HashCallback, RandomCallback, UseJtiCallback, VerifySignatureCallback } from '../callbacks';

export const sha256: HashCallback = (data) => new Uint8Array(createHash('sha256').update(data).digest());
export const random: RandomCallback = (n) => new Uint8Array(randomBytes(n));

const HASH_OF: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

export const verifySignature: VerifySignatureCallback = async ({ alg, jwk, signingInput, signature }) => {
  const key = createPublicKey({ key: jwk as never, format: 'jwk' });
  const data = Buffer.from(signingInput);
  if (alg === 'EdDSA' || alg === 'Ed25519') return verify(null, data, key, signature);
  const hash = HASH_OF[alg.slice(2)];
  if (alg.startsWith('ES')) return verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg.startsWith('PS'))
    return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
  return verify(hash, data, key, signature);
};

/** An in-memory `useJti`: what a shared database table does across replicas. */
export function memoryJtiStore(): UseJtiCallback & { seen: Map<string, Date> } {
  const seen = new Map<string, Date>();
  const use = async (jti: string, expiresAt: Date) => {
    if (seen.has(jti)) return false;
    seen.set(jti, expiresAt);
    return true;
  };
  return Object.assign(use, { seen });
}

export interface TestKey {
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  privateJwk: JWK;
}

export async function newKey(alg: 'ES256' | 'ES384' | 'EdDSA' | 'PS256' | 'RS256' = 'ES256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

/** Signs any header and payload (jose refuses unusual headers, which the negative tests need). */
export async function signJwt(key: TestKey, header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: key.alg, ...header })}.${encode(payload)}`;
  const privateKey = KeyObject.from(key.privateKey as never);
  const data = Buffer.from(signingInput);
  const hash = HASH_OF[key.alg.slice(2)];
  let signature: Buffer;
  if (key.alg === 'EdDSA') signature = sign(null, data, privateKey);
  else if (key.alg.startsWith('ES')) signature = sign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  else if (key.alg.startsWith('PS'))
    signature = sign(hash, data, {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    });
  else signature = sign(hash, data, privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Replaces one character of the signature part, keeping the JWS well-formed. */
export function tamperSignature(jwt: string): string {
  const last = jwt.length - 5;
  return jwt.slice(0, last) + (jwt[last] === 'A' ? 'B' : 'A') + jwt.slice(last + 1);
}
