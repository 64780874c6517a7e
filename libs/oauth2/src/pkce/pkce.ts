import type { HashCallback } from '../callbacks';
import { base64UrlEncode } from '../encoding/base64url';
import { constantTimeEqual } from '../encoding/constant-time';

/** The only code challenge method this AS accepts (RFC 7636 §4.2; `plain` is refused as FAPI 2.0 / HAIP ask). */
export const PKCE_METHOD_S256 = 'S256';

/** RFC 7636 §4.1: code_verifier = 43*128unreserved (ALPHA / DIGIT / "-" / "." / "_" / "~"). */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is base64url(SHA-256) without padding: exactly 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Whether a `code_verifier` has the syntax of RFC 7636 §4.1. */
export function isValidCodeVerifier(verifier: unknown): verifier is string {
  return typeof verifier === 'string' && CODE_VERIFIER.test(verifier);
}

/**
 * Checks the PKCE parameters of an authorization request (RFC 7636 §4.3, §4.4.1). PKCE is required; a missing
 * `code_challenge_method` means `plain` (RFC 7636 §4.3) and is refused like an explicit `plain`. Returns a reason
 * for an `invalid_request` error, or `undefined` when the pair is acceptable.
 */
export function checkCodeChallenge(challenge: string | undefined, method: string | undefined): string | undefined {
  if (challenge === undefined) return 'code_challenge is required (PKCE with S256)';
  if (method === undefined) return 'code_challenge_method is required and must be S256 (plain is not allowed)';
  if (method !== PKCE_METHOD_S256) return `code_challenge_method ${method} is not supported; use S256`;
  if (!S256_CHALLENGE.test(challenge)) return 'code_challenge must be 43 base64url characters (S256)';
  return undefined;
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export async function createS256CodeChallenge(codeVerifier: string, hash: HashCallback): Promise<string> {
  return base64UrlEncode(await hash(new TextEncoder().encode(codeVerifier), 'sha-256'));
}

export type PkceVerificationResult = { verified: true } | { verified: false; error: 'invalid_grant'; description: string };

/**
 * Verifies the token request's `code_verifier` against the stored S256 `code_challenge` (RFC 7636 §4.6).
 * A missing, malformed or wrong verifier is `invalid_grant`. The comparison runs in constant time.
 */
export async function verifyPkce(
  codeVerifier: string | undefined,
  codeChallenge: string,
  callbacks: { hash: HashCallback },
): Promise<PkceVerificationResult> {
  if (codeVerifier === undefined) return { verified: false, error: 'invalid_grant', description: 'code_verifier is required' };
  if (!isValidCodeVerifier(codeVerifier)) {
    return { verified: false, error: 'invalid_grant', description: 'code_verifier must be 43 to 128 unreserved characters' };
  }
  const derived = await createS256CodeChallenge(codeVerifier, callbacks.hash);
  if (!constantTimeEqual(derived, codeChallenge)) {
    return { verified: false, error: 'invalid_grant', description: 'code_verifier does not match the code_challenge' };
  }
  return { verified: true };
}
