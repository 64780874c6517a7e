import { createPrivateKey, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { BusError, DEFAULT_ALG, type KeyType, type PublicJwk } from '@issuer/contracts';

const generate = promisify(generateKeyPair);

/** secp256k1 group order: signatures are normalised to low-S (BIP-62), which strict verifiers require. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export async function generateKeyMaterial(type: KeyType): Promise<KeyObject> {
  switch (type) {
    case 'ed25519':
      return (await generate('ed25519')).privateKey;
    case 'secp256k1':
      return (await generate('ec', { namedCurve: 'secp256k1' })).privateKey;
    case 'secp256r1':
      return (await generate('ec', { namedCurve: 'prime256v1' })).privateKey;
    case 'secp384r1':
      return (await generate('ec', { namedCurve: 'secp384r1' })).privateKey;
    case 'rsa':
    case 'rsa3072':
    case 'rsa4096': {
      const modulusLength = type === 'rsa' ? 2048 : type === 'rsa3072' ? 3072 : 4096;
      return (await generate('rsa', { modulusLength })).privateKey;
    }
  }
}

/** Reads a private JWK into a KeyObject and tells its key type; refuses public-only or unsupported keys. */
export function importPrivateJwk(jwk: Record<string, unknown>): { privateKey: KeyObject; type: KeyType } {
  if (typeof jwk.d !== 'string')
    throw new BusError('BAD_REQUEST', 'jwk must be a private key (it has no "d")', [{ path: 'jwk.d', message: 'required' }]);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: jwk as never, format: 'jwk' });
  } catch (error) {
    throw new BusError('BAD_REQUEST', 'jwk is not a valid private key', [{ path: 'jwk', message: 'not a valid private JWK' }], {
      cause: error,
    });
  }
  const type = keyTypeOf(privateKey);
  if (!type) throw new BusError('BAD_REQUEST', 'unsupported key type', [{ path: 'jwk.kty', message: 'unsupported key type or curve' }]);
  // Node takes an EC JWK's public point from x/y without checking it against d (and RSA's n against the
  // CRT members): a mismatched JWK would import and publish a public key its signatures never verify under.
  if (!signsForItsPublicKey(privateKey, DEFAULT_ALG[type])) {
    throw new BusError('BAD_REQUEST', 'jwk public and private parts do not match', [
      { path: 'jwk', message: 'public members do not belong to the private key' },
    ]);
  }
  return { privateKey, type };
}

/** Pairwise consistency test: a signature made with the private key verifies under its public key. */
function signsForItsPublicKey(privateKey: KeyObject, alg: string): boolean {
  const probe = Buffer.from('kms import consistency check');
  const digest = alg === 'EdDSA' ? null : alg === 'ES384' ? 'sha384' : 'sha256';
  try {
    return verify(digest, probe, { key: createPublicKey(privateKey), dsaEncoding: 'ieee-p1363' }, signBytes(privateKey, alg, probe));
  } catch {
    return false;
  }
}

export function keyTypeOf(key: KeyObject): KeyType | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec') {
    return ({ secp256k1: 'secp256k1', prime256v1: 'secp256r1', secp384r1: 'secp384r1' } as Record<string, KeyType>)[
      details.namedCurve ?? ''
    ];
  }
  if (key.asymmetricKeyType === 'rsa') {
    return ({ 2048: 'rsa', 3072: 'rsa3072', 4096: 'rsa4096' } as Record<number, KeyType>)[details.modulusLength ?? 0];
  }
  return undefined;
}

/** The public JWK with `kid` = RFC 7638 thumbprint (unless a kid was given) and `alg`. */
export async function publicJwkOf(privateKey: KeyObject, alg: string, kid?: string): Promise<PublicJwk> {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, unknown>;
  const thumbprint = await calculateJwkThumbprint(jwk as JWK, 'sha256');
  return { ...(jwk as object), kid: kid ?? thumbprint, alg } as PublicJwk;
}

/** Signs bytes in JWS form: ECDSA as r‖s (IEEE P1363), secp256k1 low-S, RSA PKCS#1 v1.5 or PSS. */
export function signBytes(privateKey: KeyObject, alg: string, data: Buffer): Buffer {
  switch (alg) {
    case 'EdDSA':
    case 'Ed25519':
      return sign(null, data, privateKey);
    case 'ES256':
      return sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    case 'ES384':
      return sign('sha384', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    case 'ES256K':
      return toLowS(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    case 'RS256':
      return sign('sha256', data, privateKey);
    case 'PS256':
      return sign('sha256', data, { key: privateKey, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 });
    default:
      throw new BusError('UNSUPPORTED', `algorithm ${alg} is not supported`);
  }
}

export function toLowS(signature: Buffer): Buffer {
  const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
  if (s <= SECP256K1_N / 2n) return signature;
  return Buffer.concat([signature.subarray(0, 32), Buffer.from((SECP256K1_N - s).toString(16).padStart(64, '0'), 'hex')]);
}
