import type { VerifySignatureCallback } from '../callbacks';
import { decodeCompactJws, isAsymmetricAlg } from '../encoding/compact-jws';
import { algMatchesKty, checkPublicJwk } from '../jwk/public-jwk';
import { checkAccessTokenClaims, refuseToken, type AccessTokenExpectations, type AccessTokenVerification } from './access-token-claims';

/** `typ` values of an RFC 9068 access token (§2.1; media types compare case-insensitively, RFC 7515 §4.1.9). */
const AT_JWT_TYPES = ['at+jwt', 'application/at+jwt'];

export interface JwtAccessTokenOptions extends AccessTokenExpectations {
  /** Signature algorithms accepted; only asymmetric ones ever are (RFC 9068 §4: no `none`, no HMAC). */
  allowedAlgs: readonly string[];
}

export interface JwtAccessTokenCallbacks {
  verifySignature: VerifySignatureCallback;
  /**
   * The authorization server's public key for the header's `kid` (absent: any key fit for `alg`), e.g. from its
   * JWKS, fetched again when the `kid` is unknown (key rotation); undefined when it has none. A key set that cannot
   * be fetched should throw: the error propagates, so the caller can answer "try again" instead of `invalid_token`.
   */
  resolveKey: (header: { kid?: string; alg: string }) => Promise<Record<string, unknown> | undefined>;
}

/** Whether a token is a compact JWS at all (a JWT access token), as opposed to an opaque token for introspection. */
export function isJwtAccessTokenCandidate(token: string): boolean {
  return decodeCompactJws(token) !== undefined;
}

/**
 * Validates a JWT access token as its resource server (RFC 9068 §4): a compact JWS with `typ` `at+jwt` (security:
 * an ID token or another JWT of the same server cannot be replayed as an access token), an allowed asymmetric
 * `alg` fitting the key, `iss` equal to the trusted issuer (checked before any key is looked up, so tokens of other
 * issuers cost no JWKS fetch), the signature with the server's key, `aud`, `exp`, `iat`, `nbf`, and `cnf.jkt`.
 */
export async function verifyJwtAccessToken(
  token: string,
  options: JwtAccessTokenOptions,
  callbacks: JwtAccessTokenCallbacks,
): Promise<AccessTokenVerification> {
  const jws = decodeCompactJws(token);
  if (!jws) return refuseToken('the access token is not a JWT');
  const { header, payload } = jws;
  const typ = header['typ'];
  if (typeof typ !== 'string' || !AT_JWT_TYPES.includes(typ.toLowerCase()))
    return refuseToken('the access token typ must be at+jwt (RFC 9068)');
  const alg = header['alg'];
  if (!isAsymmetricAlg(alg) || !options.allowedAlgs.includes(alg)) return refuseToken('the access token alg is not accepted');
  if (header['crit'] !== undefined) return refuseToken('the access token has crit header parameters');
  if (payload['iss'] !== options.issuer) return refuseToken(`the access token was not issued by ${options.issuer}`);
  const kid = header['kid'];
  if (kid !== undefined && typeof kid !== 'string') return refuseToken('the access token kid is not a string');
  const found = await callbacks.resolveKey({ ...(kid !== undefined ? { kid } : {}), alg });
  if (!found) return refuseToken('the access token was signed with a key the authorization server does not publish');
  const key = checkPublicJwk(found);
  if (!key.ok || !algMatchesKty(alg, key.jwk['kty'])) return refuseToken('the access token key does not fit its alg');
  let valid = false;
  try {
    valid = await callbacks.verifySignature({ alg, jwk: key.jwk, signingInput: jws.signingInput, signature: jws.signature });
  } catch {
    valid = false; // a key the verifier cannot use is a token that does not verify, not a server error
  }
  if (!valid) return refuseToken('the access token signature is invalid');
  return checkAccessTokenClaims(payload, options, true);
}
