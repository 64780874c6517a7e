import { base64UrlDecode, base64UrlDecodeJsonObject, checkPublicJwk, parseTrustAnchors, verifyX5cChain } from '@issuer/oauth2';
import { sanitizeErrorDescription } from '../errors/oid4vci.error';
import { algMatchesKty } from './holder-jwk.util';

/** `typ` of a key attestation (OID4VCI 1.0 Appendix D.1), and the pre-final spelling `@openid4vc/openid4vci` 0.4.6 emits. */
export const KEY_ATTESTATION_JWT_TYPS = ['key-attestation+jwt', 'keyattestation+jwt'] as const;

/** Who may sign key attestations (wallet providers / key storage components): public JWKs and PEM trust anchors. */
export interface KeyAttestationTrust {
  trustedKeys?: readonly Record<string, unknown>[];
  /** PEM certificates; an attestation's `x5c` chain must lead to one of them (RFC 5280 reduced, see verifyX5cChain). */
  trustedCertificates?: readonly string[];
}

/** `key_attestations_required` of a proof type (OID4VCI 1.0 §12.2.4): accepted values, one of which must be attested. */
export interface KeyAttestationRequirement {
  key_storage?: readonly string[];
  user_authentication?: readonly string[];
}

export interface KeyAttestationOptions {
  /** `jwt`: carried in a jwt proof's `key_attestation` header (`exp` required); `attestation`: the proof itself. */
  use: 'jwt' | 'attestation';
  nowSeconds: number;
  /** `proof_signing_alg_values_supported` of the proof type: the attestation's `alg` must be one of them (Appendix F.1, F.3). */
  supportedAlgs: readonly string[];
  trust: KeyAttestationTrust;
  required?: KeyAttestationRequirement;
  /** Tolerated `iat` in the future; default 60 s. */
  maxFutureSkewSeconds?: number;
  /** The issuer has a nonce endpoint, so the attestation must carry a c_nonce (Appendix F.1, F.3); default true. */
  requireNonce?: boolean;
}

export interface KeyAttestationCallbacks {
  /** Verifies a JWS signature (JOSE encoding: raw r‖s for ECDSA). Exceptions count as an invalid signature. */
  verifySignature(input: { alg: string; jwk: Record<string, unknown>; signingInput: string; signature: Uint8Array }): Promise<boolean>;
}

export interface VerifiedKeyAttestation {
  attestedKeys: Record<string, unknown>[];
  /** The c_nonce it carries: the caller must check and consume it like a proof's nonce. */
  nonce?: string;
  keyStorage?: string[];
  userAuthentication?: string[];
  trustedBy: 'key' | 'certificate';
  payload: Record<string, unknown>;
}

export type KeyAttestationResult =
  ({ verified: true } & VerifiedKeyAttestation) | { verified: false; error: 'invalid_proof'; description: string };

type Failure = Extract<KeyAttestationResult, { verified: false }>;
const fail = (description: string): Failure => ({
  verified: false,
  error: 'invalid_proof',
  description: sanitizeErrorDescription(description),
});

const MAX_ATTESTED_KEYS = 100;
const KEY_MEMBERS: Record<string, string[]> = { EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'], RSA: ['n', 'e'] };

/** Whether two public JWKs are the same key (kty and key members; `kid`, `alg`, `use` are ignored). */
export function sameJwk(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const members = KEY_MEMBERS[String(a['kty'])];
  return !!members && a['kty'] === b['kty'] && members.every((m) => typeof a[m] === 'string' && a[m] === b[m]);
}

async function verifyWith(
  alg: string,
  jwk: Record<string, unknown>,
  signingInput: string,
  signature: Uint8Array,
  callbacks: KeyAttestationCallbacks,
): Promise<boolean> {
  if (!algMatchesKty(alg, jwk['kty']) || (typeof jwk['alg'] === 'string' && jwk['alg'] !== alg)) return false;
  try {
    return await callbacks.verifySignature({ alg, jwk, signingInput, signature });
  } catch {
    return false; // an unusable key is a failed check, not a server error
  }
}

/** The attestation's signer must be trusted: an x5c chain to a trust anchor, or a configured key (matched by kid). */
async function checkSigner(
  header: Record<string, unknown>,
  alg: string,
  signingInput: string,
  signature: Uint8Array,
  options: KeyAttestationOptions,
  callbacks: KeyAttestationCallbacks,
): Promise<'key' | 'certificate' | Failure> {
  const anchors = options.trust.trustedCertificates ?? [];
  let chainProblem: string | undefined;
  if (header['x5c'] !== undefined && anchors.length > 0) {
    const chain = await verifyX5cChain(header['x5c'], parseTrustAnchors(anchors), new Date(options.nowSeconds * 1000));
    if (chain.ok) {
      if (await verifyWith(alg, chain.leafJwk, signingInput, signature, callbacks)) return 'certificate';
      return fail('key attestation signature does not verify with its x5c leaf certificate');
    }
    chainProblem = `key attestation ${chain.description}`;
  }
  const kid = header['kid'];
  for (const key of options.trust.trustedKeys ?? []) {
    if (!checkPublicJwk(key).ok || (kid !== undefined && key['kid'] !== undefined && key['kid'] !== kid)) continue;
    if (await verifyWith(alg, key, signingInput, signature, callbacks)) return 'key';
  }
  return fail(chainProblem ?? 'key attestation is not signed by a trusted key attestation issuer');
}

function stringArray(payload: Record<string, unknown>, name: string): string[] | undefined | Failure {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
    return fail(`key attestation ${name} must be a non-empty array of strings`);
  }
  return value as string[];
}

function checkLevel(name: 'key_storage' | 'user_authentication', attested: string[] | undefined, options: KeyAttestationOptions) {
  const accepted = options.required?.[name];
  if (!accepted || accepted.length === 0) return undefined;
  if (attested?.some((value) => accepted.includes(value))) return undefined;
  return fail(`key attestation ${name} must include one of ${accepted.join(', ')}`);
}

function checkClaims(payload: Record<string, unknown>, options: KeyAttestationOptions): Failure | undefined {
  const now = options.nowSeconds;
  const skew = options.maxFutureSkewSeconds ?? 60;
  const { iat, exp, nbf, nonce } = payload;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return fail('key attestation iat is required');
  if (iat - now > skew) return fail('key attestation iat is in the future');
  if (exp === undefined && options.use === 'jwt') return fail('key attestation exp is required with the jwt proof type');
  if (exp !== undefined && (typeof exp !== 'number' || now >= exp)) return fail('key attestation has expired');
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf - now > skew)) return fail('key attestation is not yet valid');
  if (nonce !== undefined && (typeof nonce !== 'string' || nonce.length === 0)) return fail('key attestation nonce must be a string');
  if (nonce === undefined && (options.requireNonce ?? true)) return fail('key attestation nonce is required; set it to a c_nonce');
  return undefined;
}

/**
 * Verifies a key attestation JWT (OID4VCI 1.0 Appendix D.1; HAIP): `typ` key-attestation+jwt (or the pre-final
 * keyattestation+jwt), an asymmetric `alg` from the proof type's list, a signer trusted through `x5c` or a configured
 * key (a `jwk` header is never trusted on its own), `iat`, `exp` (required for `use: 'jwt'`), a non-empty
 * `attested_keys` of public JWKs, and one accepted value of each `key_attestations_required` level. The `nonce`
 * is returned, not checked: the caller verifies it is a live c_nonce and consumes it. `status` is not checked.
 */
export async function verifyKeyAttestation(
  jwt: unknown,
  options: KeyAttestationOptions,
  callbacks: KeyAttestationCallbacks,
): Promise<KeyAttestationResult> {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  if (parts.length !== 3) return fail('key attestation must be a compact JWS with three parts');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = base64UrlDecodeJsonObject(headerPart);
  const payload = base64UrlDecodeJsonObject(payloadPart);
  const signature = base64UrlDecode(signaturePart);
  if (!header || !payload || !signature || signature.length === 0) return fail('key attestation cannot be decoded');
  if (!KEY_ATTESTATION_JWT_TYPS.includes(header['typ'] as never)) return fail('key attestation typ must be key-attestation+jwt');
  const alg = header['alg'];
  if (typeof alg !== 'string' || alg === 'none' || /^HS/i.test(alg)) return fail('key attestation alg must be an asymmetric algorithm');
  if (!options.supportedAlgs.includes(alg)) return fail(`key attestation alg ${alg} is not supported`);
  if (header['crit'] !== undefined) return fail('key attestation crit header parameters are not supported');

  const trustedBy = await checkSigner(header, alg, `${headerPart}.${payloadPart}`, signature, options, callbacks);
  if (typeof trustedBy !== 'string') return trustedBy;
  const claims = checkClaims(payload, options);
  if (claims) return claims;

  const keys = payload['attested_keys'];
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_ATTESTED_KEYS) {
    return fail(`key attestation attested_keys must be an array of 1 to ${MAX_ATTESTED_KEYS} JWKs`);
  }
  const attestedKeys: Record<string, unknown>[] = [];
  for (const key of keys) {
    const checked = checkPublicJwk(key);
    if (!checked.ok) return fail(`key attestation attested key: ${checked.description}`);
    attestedKeys.push(checked.jwk);
  }
  const keyStorage = stringArray(payload, 'key_storage');
  if (keyStorage && !Array.isArray(keyStorage)) return keyStorage;
  const userAuthentication = stringArray(payload, 'user_authentication');
  if (userAuthentication && !Array.isArray(userAuthentication)) return userAuthentication;
  const level = checkLevel('key_storage', keyStorage, options) ?? checkLevel('user_authentication', userAuthentication, options);
  if (level) return level;

  const result: KeyAttestationResult = { verified: true, attestedKeys, trustedBy, payload };
  if (typeof payload['nonce'] === 'string') result.nonce = payload['nonce'];
  if (keyStorage) result.keyStorage = keyStorage;
  if (userAuthentication) result.userAuthentication = userAuthentication;
  return result;
}
