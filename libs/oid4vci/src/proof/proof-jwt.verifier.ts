import { base64UrlDecode, base64UrlDecodeJsonObject } from '../encoding/base64url.util';
import { sanitizeErrorDescription } from '../errors/oid4vci.error';
import { algMatchesKty, checkPublicJwk, didJwkFromJwk, resolveDidJwk } from './holder-jwk.util';

/** `typ` of a JWT key proof (OID4VCI 1.0 Appendix F.1). */
export const PROOF_JWT_TYP = 'openid4vci-proof+jwt';

export interface ProofVerificationCallbacks {
  /** Verifies a JWS signature (JOSE encoding: raw r‖s for ECDSA). Exceptions count as an invalid signature. */
  verifySignature(input: { alg: string; jwk: Record<string, unknown>; signingInput: string; signature: Uint8Array }): Promise<boolean>;
  /** Resolves a `kid` DID URL other than `did:jwk` to a public JWK; exceptions propagate (resolver outage). */
  resolveKid?(kid: string): Promise<Record<string, unknown> | undefined>;
}

export interface ProofVerificationOptions {
  /** Expected `aud`. */
  credentialIssuer: string;
  nowSeconds: number;
  /** `proof_signing_alg_values_supported` of the configuration; `none` and HS* are refused regardless. */
  supportedAlgs: string[];
  /** Maximum age of `iat`; default 300 s. */
  maxAgeSeconds?: number;
  /** Tolerated `iat` in the future; default 60 s. */
  maxFutureSkewSeconds?: number;
  /** The authenticated client's id; a present `iss` must equal it. */
  clientId?: string;
}

export type ProofVerificationResult =
  | { verified: true; holderJwk: Record<string, unknown>; nonce: string; kid?: string; holderDid?: string }
  | { verified: false; error: 'invalid_proof' | 'invalid_nonce'; description: string };

type Failure = Extract<ProofVerificationResult, { verified: false }>;
const fail = (description: string): Failure => ({
  verified: false,
  error: 'invalid_proof',
  description: sanitizeErrorDescription(description),
});

type HolderKey = { jwk: Record<string, unknown>; kid?: string; did?: string };

async function resolveHolderKey(header: Record<string, unknown>, callbacks: ProofVerificationCallbacks): Promise<HolderKey | Failure> {
  const present = (['kid', 'jwk', 'x5c'] as const).filter((member) => header[member] !== undefined);
  if (present.length !== 1) return fail('proof header must contain exactly one of kid, jwk or x5c');
  if (present[0] === 'x5c') return fail('x5c proofs are not supported');
  if (present[0] === 'jwk') {
    const checked = checkPublicJwk(header['jwk']);
    if (!checked.ok) return fail(`proof ${checked.description}`);
    return { jwk: checked.jwk, did: didJwkFromJwk(checked.jwk) };
  }
  const kid = header['kid'];
  if (typeof kid !== 'string' || kid.length === 0) return fail('proof kid must be a non-empty string');
  if (kid.startsWith('did:jwk:')) {
    const resolved = resolveDidJwk(kid);
    if (!resolved.ok) return fail(resolved.description);
    return { jwk: resolved.jwk, kid, did: resolved.did };
  }
  if (!callbacks.resolveKid) return fail('proof kid cannot be resolved; use a jwk header or a did:jwk kid');
  const resolved = await callbacks.resolveKid(kid);
  if (resolved === undefined) return fail(`proof kid ${kid} could not be resolved`);
  const checked = checkPublicJwk(resolved);
  if (!checked.ok) return fail(`key of proof kid: ${checked.description}`);
  const key: HolderKey = { jwk: checked.jwk, kid };
  if (kid.startsWith('did:')) key.did = kid.split('#')[0] as string;
  return key;
}

function checkClaims(payload: Record<string, unknown>, options: ProofVerificationOptions): Failure | string {
  const aud = payload['aud'];
  const audOk = aud === options.credentialIssuer || (Array.isArray(aud) && aud.includes(options.credentialIssuer));
  if (!audOk) return fail('proof aud must be the credential issuer identifier');
  const now = options.nowSeconds;
  const iat = payload['iat'];
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return fail('proof iat is required and must be a number');
  if (now - iat > (options.maxAgeSeconds ?? 300)) return fail('proof iat is too old');
  if (iat - now > (options.maxFutureSkewSeconds ?? 60)) return fail('proof iat is in the future');
  const exp = payload['exp'];
  if (exp !== undefined && (typeof exp !== 'number' || now >= exp)) return fail('proof has expired');
  const nbf = payload['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf - now > (options.maxFutureSkewSeconds ?? 60))) {
    return fail('proof is not yet valid');
  }
  if (options.clientId !== undefined && payload['iss'] !== undefined && payload['iss'] !== options.clientId) {
    return fail('proof iss must be the client_id of the authenticated client');
  }
  const nonce = payload['nonce'];
  if (typeof nonce !== 'string' || nonce.length === 0) return fail('proof nonce is required; get a c_nonce from the nonce endpoint');
  return nonce;
}

/**
 * Verifies a `jwt` key proof (OID4VCI 1.0 Appendix F.1, F.4): compact JWS, `typ` openid4vci-proof+jwt, an
 * asymmetric supported `alg`, exactly one of `kid` (did:jwk resolved locally, other DIDs via `resolveKid`),
 * `jwk` (public only) or `x5c` (unsupported), the signature, `aud`, `iat` window, `exp`, a present `nonce`
 * and a matching `iss`. Security: the nonce is only read here; the caller must `checkNonce` it and consume it
 * (single use), otherwise proofs can be replayed. The returned `holderJwk` is the key to bind the credential to.
 */
export async function verifyProofJwt(
  jwt: string,
  options: ProofVerificationOptions,
  callbacks: ProofVerificationCallbacks,
): Promise<ProofVerificationResult> {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  if (parts.length !== 3) return fail('proof must be a compact JWS with three parts');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = base64UrlDecodeJsonObject(headerPart);
  const payload = base64UrlDecodeJsonObject(payloadPart);
  const signature = base64UrlDecode(signaturePart);
  if (!header || !payload || !signature || signature.length === 0) {
    return fail('proof header, payload or signature cannot be decoded');
  }
  if (header['typ'] !== PROOF_JWT_TYP) return fail(`proof typ must be ${PROOF_JWT_TYP}`);
  const alg = header['alg'];
  if (typeof alg !== 'string' || alg === 'none' || /^HS/i.test(alg)) return fail('proof alg must be an asymmetric algorithm');
  if (!options.supportedAlgs.includes(alg)) return fail(`proof alg ${alg} is not supported`);
  if (header['crit'] !== undefined) return fail('proof crit header parameters are not supported');

  const key = await resolveHolderKey(header, callbacks);
  if ('verified' in key) return key;
  if (!algMatchesKty(alg, key.jwk['kty'])) return fail(`proof alg ${alg} does not match the key type`);

  let signatureValid = false;
  try {
    signatureValid = await callbacks.verifySignature({ alg, jwk: key.jwk, signingInput: `${headerPart}.${payloadPart}`, signature });
  } catch {
    signatureValid = false; // an unusable attacker-supplied key is a bad proof, not a server error
  }
  if (!signatureValid) return fail('proof signature is invalid');

  const nonce = checkClaims(payload, options);
  if (typeof nonce !== 'string') return nonce;
  const result: ProofVerificationResult = { verified: true, holderJwk: key.jwk, nonce };
  if (key.kid !== undefined) result.kid = key.kid;
  if (key.did !== undefined) result.holderDid = key.did;
  return result;
}
