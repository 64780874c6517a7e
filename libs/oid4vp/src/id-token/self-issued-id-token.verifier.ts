import type { DecodedJws } from '@issuer/oauth2';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { CryptoCallbacks, Jwk, ResolveDidKeysCallback } from '../callbacks';
import { nodeCryptoCallbacks } from '../crypto/node-crypto.callbacks';
import { didSigningKeys, didUrlOf } from '../did/did-keys';
import { isDid } from '../did/did-local';
import { invalidRequest, toResult, type Oid4vpFailure } from '../errors/oid4vp-error';
import { decodeJws } from '../jose/compact-jws';
import { asPublicJwk, publicKeyMembers } from '../jose/jwk';
import { findVerifyingKey } from '../jose/jws-signature';
import { checkAudience, checkJwtTimes, checkNonce, DEFAULT_CLOCK_SKEW_SECONDS, toSeconds } from '../jose/jwt-claims';

/** RFC 9278 JWK Thumbprint URI prefix for SHA-256, the form of later SIOPv2 editor's drafts. */
export const JWK_THUMBPRINT_URI_PREFIX = 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:';

export interface SelfIssuedIdTokenOptions {
  /** The request's `client_id`: must be in `aud`. */
  clientId: string;
  /** The request's `nonce`: must equal the token's `nonce`. */
  nonce: string;
  /** Verification time; defaults to now. */
  now?: Date;
  /** Keys of DID subjects other than did:jwk / did:key; without it such subjects are refused. */
  resolveDidKeys?: ResolveDidKeysCallback;
  /** Tolerated clock skew in seconds for `iat` in the future and `exp` just past (default 60). */
  clockSkewSeconds?: number;
  /** Oldest acceptable `iat`, in seconds before `now`; not checked when absent. */
  maxAgeSeconds?: number;
  crypto?: Partial<CryptoCallbacks>;
}

export interface SelfIssuedSubject {
  /** The `sub`: a DID, or the JWK thumbprint (as sent: plain base64url or RFC 9278 URI). */
  id: string;
  /** The DID, for DID subjects: the credential subject where the format has one. */
  did?: string;
  /** The public key that signed the token. */
  jwk: Jwk;
}

export type SelfIssuedIdTokenResult = { verified: true; subject: SelfIssuedSubject; claims: Record<string, unknown> } | Oid4vpFailure;

/** SIOPv2 §11 with a DID subject: the JWS `kid` is a DID URL of `sub`, the key comes from the DID. */
async function didSubjectKey(jws: DecodedJws, did: string, options: SelfIssuedIdTokenOptions, crypto: CryptoCallbacks): Promise<Jwk> {
  const didUrl = didUrlOf(jws.header['kid'], did);
  if (!didUrl) throw invalidRequest('subject_mismatch', 'ID token kid must be a DID URL of the sub DID');
  const jwk = await findVerifyingKey(jws, await didSigningKeys(didUrl, options.resolveDidKeys), crypto.verifySignature);
  if (!jwk) throw invalidRequest('invalid_signature', 'ID token signature does not verify with the key of its kid');
  return jwk;
}

/** SIOPv2 §8 / §11 with a JWK Thumbprint subject: `sub` is the RFC 7638 thumbprint of `sub_jwk`, which signed. */
async function thumbprintSubjectKey(jws: DecodedJws, sub: string, crypto: CryptoCallbacks): Promise<Jwk> {
  const jwk = asPublicJwk(jws.payload['sub_jwk']);
  if (!jwk) throw invalidRequest('malformed', 'ID token sub is neither a DID nor a JWK thumbprint with a public sub_jwk');
  const thumbprint = await calculateJwkThumbprint(jwk as JWK, 'sha256');
  const claimed = sub.startsWith(JWK_THUMBPRINT_URI_PREFIX) ? sub.slice(JWK_THUMBPRINT_URI_PREFIX.length) : sub;
  if (claimed !== thumbprint) throw invalidRequest('subject_mismatch', 'ID token sub is not the JWK thumbprint of sub_jwk');
  if (!(await findVerifyingKey(jws, [jwk], crypto.verifySignature)))
    throw invalidRequest('invalid_signature', 'ID token is not signed by sub_jwk');
  return jwk;
}

/**
 * Validates a Self-Issued ID Token (SIOPv2 draft 13 §11, §8; OpenID Connect Core §3.1.3.7 for the common claims) for
 * an `ID_TOKEN` login (API.md §11): `iss` = `sub`; a DID subject (did:jwk / did:key decoded locally, other methods via
 * `resolveDidKeys`) signed by the key of its `kid` DID URL, or a JWK thumbprint subject (plain base64url, or the
 * RFC 9278 URI) equal to the RFC 7638 thumbprint of `sub_jwk`, which must have signed; `aud` contains `clientId`;
 * `nonce` equals; `exp` in the future; `iat` not in the future beyond the skew. Proves control of the DID or key.
 *
 * Replay: the nonce binds the token to one request; the caller must make that request's state single-use.
 */
export async function verifySelfIssuedIdToken(idToken: unknown, options: SelfIssuedIdTokenOptions): Promise<SelfIssuedIdTokenResult> {
  const crypto: CryptoCallbacks = { ...nodeCryptoCallbacks, ...options.crypto };
  return toResult(async () => {
    const jws = decodeJws(idToken, 'ID token');
    const { payload } = jws;
    const sub = payload['sub'];
    if (typeof sub !== 'string' || sub === '') throw invalidRequest('malformed', 'ID token has no sub');
    if (payload['iss'] !== sub) throw invalidRequest('subject_mismatch', 'ID token iss must equal sub (self-issued)');
    const did = isDid(sub) ? sub : undefined;
    const jwk = did ? await didSubjectKey(jws, did, options, crypto) : await thumbprintSubjectKey(jws, sub, crypto);
    checkAudience(payload, options.clientId, 'ID token');
    checkNonce(payload, options.nonce, 'ID token');
    checkJwtTimes(
      payload,
      {
        now: toSeconds(options.now ?? new Date()),
        skew: options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
        requireExp: true,
        requireIat: true,
        ...(options.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.maxAgeSeconds } : {}),
      },
      'ID token',
    );
    return { verified: true as const, subject: { id: sub, ...(did ? { did } : {}), jwk: publicKeyMembers(jwk) }, claims: payload };
  });
}
