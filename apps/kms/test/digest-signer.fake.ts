// Test helper (imported only by the KMS fakes): signs a digest that was hashed elsewhere, as Azure Key Vault's sign
// operation and OCI's messageType DIGEST do. node:crypto's sign() always hashes its input, so the schemes are
// assembled here from node primitives: ECDSA with the curve arithmetic of createECDH (k·G) and BigInt modular
// arithmetic mod n; RSA PKCS#1 v1.5 (DigestInfo + privateEncrypt) and RSA-PSS (EMSA-PSS, RFC 8017 §9.1.1, + raw RSA).
// The signatures are checked by the specs with jose/node:crypto verify, which hash the message themselves.
import { constants, createECDH, createHash, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';

export type DigestScheme = 'ecdsa' | 'pkcs1' | 'pss';

const CURVES: Record<string, { n: bigint; size: number }> = {
  prime256v1: { n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, size: 32 },
  secp256k1: { n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n, size: 32 },
  secp384r1: {
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    size: 48,
  },
};
const HASH_BY_LENGTH: Record<number, string> = { 32: 'sha256', 48: 'sha384', 64: 'sha512' };
const DIGEST_INFO: Record<string, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

const toBig = (bytes: Buffer) => BigInt(`0x${bytes.toString('hex') || '0'}`);
const toBytes = (value: bigint, size: number) => Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
const mod = (a: bigint, n: bigint) => ((a % n) + n) % n;

function modPow(base: bigint, exponent: bigint, n: bigint): bigint {
  let result = 1n;
  for (let b = mod(base, n), e = exponent; e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) result = (result * b) % n;
  return result;
}

/** ECDSA over a given digest (SEC 1 §4.1.3); returns r‖s (IEEE P1363). */
function ecdsaSignDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const curveName = privateKey.asymmetricKeyDetails?.namedCurve ?? '';
  const curve = CURVES[curveName];
  if (!curve) throw new Error(`digest signing: unsupported curve ${curveName}`);
  const d = toBig(Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url'));
  // Leftmost bits of the digest, as many as the order has (SEC 1 §4.1.3 step 5).
  const z = toBig(digest.length > curve.size ? digest.subarray(0, curve.size) : digest);
  for (;;) {
    const k = mod(toBig(randomBytes(curve.size + 8)), curve.n - 1n) + 1n;
    const ecdh = createECDH(curveName);
    ecdh.setPrivateKey(toBytes(k, curve.size));
    const point = ecdh.getPublicKey(); // 04 ‖ x ‖ y = k·G
    const r = mod(toBig(point.subarray(1, 1 + curve.size)), curve.n);
    const s = mod(modPow(k, curve.n - 2n, curve.n) * (z + r * d), curve.n);
    if (r !== 0n && s !== 0n) return Buffer.concat([toBytes(r, curve.size), toBytes(s, curve.size)]);
  }
}

function mgf1(seed: Buffer, length: number, hash: string): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * seed.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** EMSA-PSS encoding with salt length = hash length (what JWS PS256/384/512 require), then raw RSA. */
function pssSignDigest(privateKey: KeyObject, digest: Buffer, hash: string): Buffer {
  const modBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(digest.length);
  const h = createHash(hash)
    .update(Buffer.concat([Buffer.alloc(8), digest, salt]))
    .digest();
  const db = Buffer.concat([Buffer.alloc(emLen - salt.length - h.length - 2), Buffer.from([1]), salt]);
  const mask = mgf1(h, db.length, hash);
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([db, h, Buffer.from([0xbc])]);
  const k = Math.ceil(modBits / 8);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(k - em.length), em]));
}

/** Signs `digest` (32, 48 or 64 bytes: SHA-256/384/512) with the given scheme. */
export function signDigest(privateKey: KeyObject, scheme: DigestScheme, digest: Buffer): Buffer {
  const hash = HASH_BY_LENGTH[digest.length];
  if (!hash) throw new Error(`digest signing: a ${digest.length}-byte digest is not SHA-256/384/512`);
  if (scheme === 'ecdsa') return ecdsaSignDigest(privateKey, digest);
  if (scheme === 'pss') return pssSignDigest(privateKey, digest, hash);
  return privateEncrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest]),
  );
}
