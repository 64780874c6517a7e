import { base64UrlDecode, base64UrlEncode } from '@issuer/oauth2';
import { Oid4vciError } from '../errors/oid4vci.error';

const VERSION = 1;
const RANDOM_LENGTH = 16;
const TAG_LENGTH = 16;
const BODY_LENGTH = 1 + 8 + RANDOM_LENGTH;
const TOTAL_LENGTH = BODY_LENGTH + TAG_LENGTH;

export interface CreateNonceOptions {
  nowMs: number;
  ttlSeconds: number;
  /** CSPRNG; makes the nonce unpredictable (OID4VCI 1.0 §7.2). */
  randomBytes(n: number): Uint8Array;
  /** Keyed MAC (e.g. HMAC-SHA-256) with a server secret; at least 16 bytes of output. */
  hmac(data: Uint8Array): Uint8Array;
}

export type NonceCheck = { valid: true; expiresAtMs: number } | { valid: false; reason: 'malformed' | 'bad_signature' | 'expired' };

function tagOf(hmac: (data: Uint8Array) => Uint8Array, body: Uint8Array): Uint8Array {
  const mac = hmac(body);
  if (mac.length < TAG_LENGTH) throw new Oid4vciError('server_error', `hmac callback must return at least ${TAG_LENGTH} bytes`);
  return mac.subarray(0, TAG_LENGTH);
}

/** Compares in time independent of where the first difference is, so tags cannot be guessed byte by byte. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * Creates a stateless `c_nonce` (OID4VCI 1.0 §7, §13.8): base64url(version ‖ 8-byte expiry ms ‖ 16 random
 * bytes ‖ first 16 bytes of hmac over the preceding bytes). Its expiry is tamper-proof, so proof age is bounded
 * by the server's clock. Security: it is NOT single-use by itself; the caller records consumed nonces until expiry.
 */
export function createNonce(options: CreateNonceOptions): string {
  const random = options.randomBytes(RANDOM_LENGTH);
  if (random.length !== RANDOM_LENGTH) throw new Oid4vciError('server_error', `randomBytes must return ${RANDOM_LENGTH} bytes`);
  const body = new Uint8Array(BODY_LENGTH);
  body[0] = VERSION;
  new DataView(body.buffer).setBigUint64(1, BigInt(Math.floor(options.nowMs + options.ttlSeconds * 1000)));
  body.set(random, 9);
  const out = new Uint8Array(TOTAL_LENGTH);
  out.set(body);
  out.set(tagOf(options.hmac, body), BODY_LENGTH);
  return base64UrlEncode(out);
}

/**
 * Checks a `c_nonce` made by {@link createNonce}: format, MAC (constant-time) and expiry (`nowMs >= expiry`
 * is expired). A failure maps to `invalid_nonce` (OID4VCI 1.0 §8.3.1); single use is the caller's job.
 */
export function checkNonce(nonce: string, options: { nowMs: number; hmac(data: Uint8Array): Uint8Array }): NonceCheck {
  const bytes = typeof nonce === 'string' ? base64UrlDecode(nonce) : undefined;
  if (!bytes || bytes.length !== TOTAL_LENGTH || bytes[0] !== VERSION) return { valid: false, reason: 'malformed' };
  const body = bytes.subarray(0, BODY_LENGTH);
  if (!constantTimeEqual(tagOf(options.hmac, body), bytes.subarray(BODY_LENGTH))) {
    return { valid: false, reason: 'bad_signature' };
  }
  const expiresAtMs = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(1));
  if (options.nowMs >= expiresAtMs) return { valid: false, reason: 'expired' };
  return { valid: true, expiresAtMs };
}
