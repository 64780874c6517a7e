import { base64UrlEncode, checkPublicJwk } from '@issuer/oauth2';
import { base58btcDecode } from '../encoding/base58btc.util';

/** Why a did:key did not decode, as W3C DID Resolution names it (did-registry answers with these). */
export type DidKeyErrorCode = 'invalidDid' | 'invalidPublicKeyType' | 'invalidPublicKeyLength';
export type MultibaseKeyResult = { ok: true; jwk: Record<string, unknown> } | { ok: false; code: DidKeyErrorCode; description: string };
export type DidKeyResolution =
  { ok: true; did: string; jwk: Record<string, unknown> } | { ok: false; code: DidKeyErrorCode; description: string };

const refused = (code: DidKeyErrorCode, description: string) => ({ ok: false, code, description }) as const;

/** Short-Weierstrass curves with p ≡ 3 (mod 4), so a square root is one exponentiation (SEC 1 §2.3.4). */
interface Curve {
  crv: string;
  bytes: number;
  p: bigint;
  a: bigint;
  b: bigint;
}

const P256: Curve = {
  crv: 'P-256',
  bytes: 32,
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  a: -3n,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
};
const P384: Curve = {
  crv: 'P-384',
  bytes: 48,
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
  a: -3n,
  b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
};
const SECP256K1: Curve = {
  crv: 'secp256k1',
  bytes: 32,
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
  a: 0n,
  b: 7n,
};

/**
 * Multicodec public key codes as unsigned varints (multicodec table): ed25519-pub, secp256k1-pub, p256-pub,
 * p384-pub, and jwk_jcs-pub (0xeb51: the JCS-canonical JSON of a public JWK, the did:key of EBSI natural persons).
 */
const CODECS: { prefix: number[]; kind: 'ed25519' | 'jwk' | Curve }[] = [
  { prefix: [0xed, 0x01], kind: 'ed25519' },
  { prefix: [0xe7, 0x01], kind: SECP256K1 },
  { prefix: [0x80, 0x24], kind: P256 },
  { prefix: [0x81, 0x24], kind: P384 },
  { prefix: [0xd1, 0xd6, 0x03], kind: 'jwk' },
];

/** Longest multibase accepted: base58 decoding is quadratic; a jwk_jcs-pub P-384 key takes about 235 characters. */
const MAX_MULTIBASE_LENGTH = 512;

const mod = (value: bigint, p: bigint) => ((value % p) + p) % p;

function modPow(base: bigint, exponent: bigint, p: bigint): bigint {
  let result = 1n;
  let b = mod(base, p);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % p;
    b = (b * b) % p;
  }
  return result;
}

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const toBytes = (value: bigint, length: number) => Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');

/** The affine point of a SEC 1 compressed (02/03) encoding, decompressed and thereby checked to lie on the curve. */
function decodePoint(curve: Curve, point: Uint8Array): { x: Uint8Array; y: Uint8Array } | { code: DidKeyErrorCode; description: string } {
  const { p, a, b, bytes } = curve;
  const tag = point[0];
  // did:key v0.7 §3.1.2 and Multikey carry EC keys compressed; an uncompressed (04) point is not a did:key.
  if ((tag !== 0x02 && tag !== 0x03) || point.length !== 1 + bytes) {
    return { code: 'invalidPublicKeyLength', description: `a ${curve.crv} did:key holds a ${1 + bytes}-byte compressed point` };
  }
  const x = toBigInt(point.subarray(1));
  const offCurve = { code: 'invalidDid', description: `did:key ${curve.crv} point is not on the curve` } as const;
  if (x >= p) return offCurve;
  const rhs = mod(x * x * x + a * x + b, p);
  let y = modPow(rhs, (p + 1n) / 4n, p);
  if (mod(y * y, p) !== rhs) return offCurve;
  if (Number(y & 1n) !== (tag & 1)) y = p - y;
  return { x: toBytes(x, bytes), y: toBytes(y, bytes) };
}

/** The public JWK of a jwk_jcs-pub key: UTF-8 JSON of a public EC, OKP or RSA JWK (canonical form not required). */
function jcsJwk(bytes: Uint8Array): MultibaseKeyResult {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refused('invalidDid', 'a jwk_jcs-pub did:key holds JSON');
  }
  const checked = checkPublicJwk(value);
  return checked.ok ? checked : refused('invalidDid', `jwk_jcs-pub did:key: ${checked.description}`);
}

/**
 * The public JWK of a multibase (`z` + base58btc) multicodec public key, as did:key (W3C CCG did:key v0.7 §3.1)
 * and `Multikey` verification methods carry it: Ed25519 (32 bytes), P-256, P-384 and secp256k1 (compressed
 * points, decompressed and checked to lie on the curve), and jwk_jcs-pub (a public JWK as JSON, EBSI). Security:
 * an invalid point or a JWK with private members is refused, never passed on as a key. RSA and other codecs are refused
 * (did-registry reads RSA did:key documents itself and hands every other key type to this one decoder).
 */
export function multibaseKeyToJwk(multibase: string): MultibaseKeyResult {
  if (!multibase.startsWith('z') || multibase.length > MAX_MULTIBASE_LENGTH) {
    return refused('invalidDid', 'a did:key is multibase base58btc (z...)');
  }
  const bytes = base58btcDecode(multibase.slice(1));
  if (!bytes || bytes.length < 3) return refused('invalidDid', 'did:key is not valid base58btc');
  const codec = CODECS.find(({ prefix }) => prefix.every((byte, i) => bytes[i] === byte));
  if (!codec)
    return refused('invalidPublicKeyType', 'did:key key type is not supported (Ed25519, P-256, P-384, secp256k1, jwk_jcs-pub are)');
  const key = bytes.subarray(codec.prefix.length);
  if (codec.kind === 'jwk') return jcsJwk(key);
  if (codec.kind === 'ed25519') {
    if (key.length !== 32) return refused('invalidPublicKeyLength', 'an Ed25519 did:key holds 32 bytes');
    return { ok: true, jwk: { kty: 'OKP', crv: 'Ed25519', x: base64UrlEncode(key) } };
  }
  const point = decodePoint(codec.kind, key);
  if ('code' in point) return refused(point.code, point.description);
  return { ok: true, jwk: { kty: 'EC', crv: codec.kind.crv, x: base64UrlEncode(point.x), y: base64UrlEncode(point.y) } };
}

/**
 * Resolves a `did:key` DID or DID URL locally (no I/O). A fragment must name the one verification method
 * (`#<multibase>`, as the did:key document does). Returns the DID without fragment and its public JWK.
 */
export function resolveDidKey(didUrl: string): DidKeyResolution {
  const hash = didUrl.indexOf('#');
  const did = hash < 0 ? didUrl : didUrl.slice(0, hash);
  const multibase = did.slice('did:key:'.length);
  if (!did.startsWith('did:key:') || !/^z[1-9A-HJ-NP-Za-km-z]+$/.test(multibase)) {
    return refused('invalidDid', 'a did:key is did:key:z<base58btc>');
  }
  if (hash >= 0 && didUrl.slice(hash + 1) !== multibase) return refused('invalidDid', 'did:key kid fragment must be the key itself');
  const key = multibaseKeyToJwk(multibase);
  return key.ok ? { ok: true, did, jwk: key.jwk } : key;
}
