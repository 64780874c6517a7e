import type { UseJtiCallback, VerifySignatureCallback } from '../callbacks';
import { decodeCompactJws, isAsymmetricAlg, type DecodedJws } from '../encoding/compact-jws';
import { isPlainObject } from '../encoding/base64url';
import { isVsChars } from '../encoding/form-params';
import { sanitizeErrorDescription } from '../errors/oauth2.error';
import { algMatchesKty, checkPublicJwk } from '../jwk/public-jwk';
import { verifyAttestationSigner, type ClientAttestationTrust } from './attestation-signer';
import type { ClientAttestationHeaders } from './client-attestation-headers';

/** `typ` values of draft-ietf-oauth-attestation-based-client-auth §5.1, §5.2 (as `@openid4vc/oauth2` 0.4.6 sends them). */
export const CLIENT_ATTESTATION_JWT_TYP = 'oauth-client-attestation+jwt';
export const CLIENT_ATTESTATION_POP_JWT_TYP = 'oauth-client-attestation-pop+jwt';

export interface ClientAttestationOptions {
  /** The AS issuer identifier: the PoP's `aud` must be (or contain) it. */
  authorizationServer: string;
  nowSeconds: number;
  trust: ClientAttestationTrust;
  /** Accepted signing algorithms for both JWTs; default every asymmetric JWS algorithm. */
  allowedAlgs?: readonly string[];
  /** Oldest acceptable PoP `iat`; also how long PoP `jti`s are remembered. Default 300 s. */
  maxPopAgeSeconds?: number;
  /** Tolerated clock skew for `iat`/`nbf` in the future. Default 60 s. */
  maxFutureSkewSeconds?: number;
  /** The request's `client_id` parameter, if sent; it must equal the attestation's `sub` (draft §6.3, §6.4). */
  clientId?: string;
  /** Require a server-provided `challenge` in the PoP (draft §8); otherwise one is checked only when present. */
  requireChallenge?: boolean;
}

export interface ClientAttestationCallbacks {
  verifySignature: VerifySignatureCallback;
  /** Single use of the PoP `jti` across replicas (draft §12.1). Prefix it if the store is shared with DPoP. */
  useJti: UseJtiCallback;
  /** Whether a challenge was issued by this AS and is still valid. */
  checkChallenge?: (challenge: string) => boolean | Promise<boolean>;
}

export type ClientAttestationResult =
  | {
      verified: true;
      /** The authenticated client: the attestation's `sub`. */
      clientId: string;
      /** The wallet provider that issued the attestation (`iss`). */
      attester: string;
      /** The client instance key (`cnf.jwk`); HAIP wallets often use it for DPoP too. */
      instanceJwk: Record<string, unknown>;
      trustedBy: 'key' | 'certificate';
      attestation: Record<string, unknown>;
      pop: Record<string, unknown>;
    }
  | { verified: false; error: 'invalid_client' | 'use_attestation_challenge'; description: string };

type Failure = Extract<ClientAttestationResult, { verified: false }>;
const fail = (description: string, error: Failure['error'] = 'invalid_client'): Failure => ({
  verified: false,
  error,
  description: sanitizeErrorDescription(description),
});

function checkAlg(jws: DecodedJws, typ: string, options: ClientAttestationOptions, what: string): string | Failure {
  if (jws.header['typ'] !== typ) return fail(`${what} typ must be ${typ}`);
  const alg = jws.header['alg'];
  if (!isAsymmetricAlg(alg) || (options.allowedAlgs !== undefined && !options.allowedAlgs.includes(alg)))
    return fail(`${what} alg is not supported`);
  if (jws.header['crit'] !== undefined) return fail(`${what} crit header parameters are not supported`);
  return alg;
}

function checkTimes(payload: Record<string, unknown>, now: number, skew: number, what: string): Failure | undefined {
  const { exp, nbf, iat } = payload;
  if (exp !== undefined && (typeof exp !== 'number' || now >= exp)) return fail(`${what} has expired`);
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf - now > skew)) return fail(`${what} is not yet valid`);
  if (iat !== undefined && (typeof iat !== 'number' || iat - now > skew)) return fail(`${what} iat is in the future`);
  return undefined;
}

async function checkAttestation(jwt: string, options: ClientAttestationOptions, callbacks: ClientAttestationCallbacks) {
  const jws = decodeCompactJws(jwt);
  if (!jws) return fail('client attestation is not a compact JWS');
  const alg = checkAlg(jws, CLIENT_ATTESTATION_JWT_TYP, options, 'client attestation');
  if (typeof alg !== 'string') return alg;
  const { payload } = jws;
  const signer = await verifyAttestationSigner(jws, alg, options.trust, new Date(options.nowSeconds * 1000), callbacks.verifySignature);
  if (!signer.ok) return fail(signer.description);
  if (typeof payload['iss'] !== 'string' || payload['iss'] === '') return fail('client attestation iss is required');
  if (typeof payload['sub'] !== 'string' || !isVsChars(payload['sub'], 512)) return fail('client attestation sub (client_id) is required');
  if (typeof payload['exp'] !== 'number') return fail('client attestation exp is required');
  const times = checkTimes(payload, options.nowSeconds, options.maxFutureSkewSeconds ?? 60, 'client attestation');
  if (times) return times;
  const cnf = payload['cnf'];
  const key = checkPublicJwk(isPlainObject(cnf) ? cnf['jwk'] : undefined);
  if (!key.ok) return fail(`client attestation cnf.jwk: ${key.description}`);
  if (options.clientId !== undefined && options.clientId !== payload['sub'])
    return fail('client_id does not match the client attestation sub');
  return { payload, sub: payload['sub'], iss: payload['iss'], instanceJwk: key.jwk, trustedBy: signer.trustedBy };
}

async function checkPop(
  jwt: string,
  sub: string,
  instanceJwk: Record<string, unknown>,
  options: ClientAttestationOptions,
  callbacks: ClientAttestationCallbacks,
) {
  const jws = decodeCompactJws(jwt);
  if (!jws) return fail('client attestation PoP is not a compact JWS');
  const alg = checkAlg(jws, CLIENT_ATTESTATION_POP_JWT_TYP, options, 'client attestation PoP');
  if (typeof alg !== 'string') return alg;
  if (!algMatchesKty(alg, instanceJwk['kty'])) return fail('client attestation PoP alg does not match cnf.jwk');
  let valid = false;
  try {
    valid = await callbacks.verifySignature({ alg, jwk: instanceJwk, signingInput: jws.signingInput, signature: jws.signature });
  } catch {
    valid = false;
  }
  if (!valid) return fail('client attestation PoP is not signed by the cnf.jwk of the attestation');
  const { payload } = jws;
  const aud = payload['aud'];
  if (!(aud === options.authorizationServer || (Array.isArray(aud) && aud.includes(options.authorizationServer)))) {
    return fail('client attestation PoP aud must be the authorization server issuer');
  }
  if (payload['iss'] !== undefined && payload['iss'] !== sub) return fail('client attestation PoP iss must equal the attestation sub');
  const jti = payload['jti'];
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) return fail('client attestation PoP jti is required');
  const iat = payload['iat'];
  if (typeof iat !== 'number' || options.nowSeconds - iat > (options.maxPopAgeSeconds ?? 300))
    return fail('client attestation PoP iat is missing or too old');
  const times = checkTimes(payload, options.nowSeconds, options.maxFutureSkewSeconds ?? 60, 'client attestation PoP');
  if (times) return times;
  const challenge = payload['challenge'] ?? payload['nonce']; // `nonce` in drafts before -05 and in @openid4vc/oauth2 0.4.6
  if (challenge !== undefined || options.requireChallenge) {
    const ok = typeof challenge === 'string' && callbacks.checkChallenge !== undefined && (await callbacks.checkChallenge(challenge));
    if (!ok) return fail('client attestation PoP needs a valid server challenge', 'use_attestation_challenge');
  }
  return { payload, jti, iat };
}

/**
 * Verifies OAuth 2.0 Attestation-Based Client Authentication (draft-ietf-oauth-attestation-based-client-auth §5,
 * §6.2; OID4VCI 1.0 Appendix E; HAIP): the attestation JWT (`typ`, trusted signer, `iss`, `sub` = client_id,
 * `exp`, public `cnf.jwk`) and its PoP (`typ`, signed by `cnf.jwk`, `aud` = this AS, `iat` window, `jti` single
 * use, optional `challenge`). A failure is `invalid_client` (401) — or `use_attestation_challenge` (400, answer
 * with a fresh challenge in `OAuth-Client-Attestation-Challenge`); see `clientAttestationErrorFor`.
 */
export async function verifyClientAttestation(
  headers: ClientAttestationHeaders,
  options: ClientAttestationOptions,
  callbacks: ClientAttestationCallbacks,
): Promise<ClientAttestationResult> {
  const attestation = await checkAttestation(headers.attestation, options, callbacks);
  if ('verified' in attestation) return attestation;
  const pop = await checkPop(headers.pop, attestation.sub, attestation.instanceJwk, options, callbacks);
  if ('verified' in pop) return pop;
  const expiresAt = new Date(
    (Math.max(pop.iat, options.nowSeconds) + (options.maxPopAgeSeconds ?? 300) + (options.maxFutureSkewSeconds ?? 60)) * 1000,
  );
  if (!(await callbacks.useJti(pop.jti, expiresAt))) return fail('client attestation PoP jti has been used before');
  return {
    verified: true,
    clientId: attestation.sub,
    attester: attestation.iss,
    instanceJwk: attestation.instanceJwk,
    trustedBy: attestation.trustedBy,
    attestation: attestation.payload,
    pop: pop.payload,
  };
}
