// Decompression of SEC 1 compressed EC points (SEC 1 v2 §2.3.4) for did:key, which carries P-256, P-384 and
// secp256k1 keys compressed. All three primes are ≡ 3 (mod 4), so the square root is a single modular power.

interface Curve {
  crv: 'P-256' | 'P-384' | 'secp256k1';
  p: bigint;
  a: bigint;
  b: bigint;
  bytes: number;
}

const P256_P = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const P384_P = 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n;
const K256_P = 2n ** 256n - 2n ** 32n - 977n;

/** Curve parameters from SEC 2 v2 §2.4.1 (secp256k1), §2.4.2 (secp256r1 = P-256) and §2.5.1 (secp384r1 = P-384). */
export const CURVES: Record<Curve['crv'], Curve> = {
  'P-256': { crv: 'P-256', p: P256_P, a: P256_P - 3n, b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn, bytes: 32 },
  'P-384': {
    crv: 'P-384',
    p: P384_P,
    a: P384_P - 3n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    bytes: 48,
  },
  secp256k1: { crv: 'secp256k1', p: K256_P, a: 0n, b: 7n, bytes: 32 },
};

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const toBigInt = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const toBytes = (value: bigint, length: number): Uint8Array =>
  new Uint8Array(Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex'));

/**
 * Returns the JWK `x` / `y` (base64url) of a compressed point on `crv`, or `undefined` if the bytes are not a
 * compressed point or the x coordinate is not on the curve (an invalid key must never be accepted).
 */
export function decompressPoint(crv: Curve['crv'], compressed: Uint8Array): { x: string; y: string } | undefined {
  const curve = CURVES[crv];
  if (compressed.length !== curve.bytes + 1 || (compressed[0] !== 0x02 && compressed[0] !== 0x03)) return undefined;
  const xBytes = compressed.slice(1);
  const x = toBigInt(xBytes);
  if (x >= curve.p) return undefined;
  const { p } = curve;
  const rhs = (((x * x) % p) * x + curve.a * x + curve.b) % p;
  let y = modPow(rhs, (p + 1n) / 4n, p);
  if ((y * y) % p !== rhs) return undefined;
  if ((y & 1n) !== BigInt(compressed[0] & 1)) y = p - y;
  return { x: Buffer.from(xBytes).toString('base64url'), y: Buffer.from(toBytes(y, curve.bytes)).toString('base64url') };
}
