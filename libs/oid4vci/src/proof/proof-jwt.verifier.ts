import { base64UrlDecode, base64UrlDecodeJsonObject, checkPublicJwk } from '@issuer/oauth2';
import { sanitizeErrorDescription } from '../errors/oid4vci.error';
import { checkBindingMethod } from './binding-method';
import { resolveDidKey } from './did-key.codec';
import { algMatchesKty, didJwkFromJwk, resolveDidJwk } from './holder-jwk.util';
import { sameJwk, verifyKeyAttestation, type KeyAttestationOptions, type VerifiedKeyAttestation } from './key-attestation.verifier';

/** `typ` of a JWT key proof (OID4VCI 1.0 Appendix F.1). */
export const PROOF_JWT_TYP = 'openid4vci-proof+jwt';

export interface ProofVerificationCallbacks {
  /** Verifies a JWS signature (JOSE encoding: raw r‖s for ECDSA). Exceptions count as an invalid signature. */
  verifySignature(input: { alg: string; jwk: Record<string, unknown>; signingInput: string; signature: Uint8Array }): Promise<boolean>;
  /**
   * Resolves a `kid` DID URL other than `did:jwk` / `did:key` to a public JWK, or says why it cannot (`ok: false`);
   * `undefined` = not resolvable. Exceptions propagate (resolver outage).
   */
  resolveKid?(
    kid: string,
  ): Promise<Record<string, unknown> | { ok: true; jwk: Record<string, unknown> } | { ok: false; description: string } | undefined>;
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
  /** `cryptographic_binding_methods_supported` of the configuration: the proof's key form must be one of them. */
  bindingMethods?: readonly string[];
  /**
   * Set when the configuration has `key_attestations_required`: the proof must carry a `key_attestation` header
   * from a trusted issuer, and be signed by one of its `attested_keys` (Appendix D, F.1). Unset: the header is ignored.
   */
  keyAttestation?: Pick<KeyAttestationOptions, 'trust' | 'required' | 'maxFutureSkewSeconds' | 'requireNonce'>;
}

export type ProofVerificationResult =
  | {
      verified: true;
      holderJwk: Record<string, unknown>;
      nonce: string;
      kid?: string;
      holderDid?: string;
      /** The verified key attestation (only when `options.keyAttestation` asked for one); check and consume its nonce. */
      keyAttestation?: VerifiedKeyAttestation;
    }
  | { verified: false; error: 'invalid_proof' | 'invalid_nonce'; description: string };

type Failure = Extract<ProofVerificationResult, { verified: false }>;
const fail = (description: string): Failure => ({
  verified: false,
  error: 'invalid_proof',
  description: sanitizeErrorDescription(description),
});

type HolderKey = { jwk: Record<string, unknown>; kid?: string; did?: string };

async function resolveHolderKey(
  header: Record<string, unknown>,
  callbacks: ProofVerificationCallbacks,
  bindingMethods: readonly string[] | undefined,
  attestedKeys: Record<string, unknown>[] | undefined,
): Promise<HolderKey | Failure> {
  const present = (['kid', 'jwk', 'x5c'] as const).filter((member) => header[member] !== undefined);
  if (present.length !== 1) return fail('proof header must contain exactly one of kid, jwk or x5c');
  if (present[0] === 'x5c') return fail('x5c proofs are not supported');
  if (present[0] === 'jwk') {
    const refused = checkBindingMethod(bindingMethods, { kind: 'jwk' });
    if (refused) return fail(refused);
    const checked = checkPublicJwk(header['jwk']);
    if (!checked.ok) return fail(`proof ${checked.description}`);
    return { jwk: checked.jwk, did: didJwkFromJwk(checked.jwk) };
  }
  const kid = header['kid'];
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 4096) return fail('proof kid must be a non-empty string');
  if (!kid.startsWith('did:')) {
    // Appendix F.1 example: with a key attestation, a plain kid names one of its attested keys.
    const attested = attestedKeys?.find((key) => key['kid'] === kid);
    if (!attested) return fail('proof kid must be a DID URL, or the kid of an attested key; or send a jwk header');
    const refused = checkBindingMethod(bindingMethods, { kind: 'jwk' });
    return refused ? fail(refused) : { jwk: attested, kid, did: didJwkFromJwk(attested) };
  }
  const refused = checkBindingMethod(bindingMethods, { kind: 'did', didUrl: kid });
  if (refused) return fail(refused);
  const local = kid.startsWith('did:jwk:') ? resolveDidJwk(kid) : kid.startsWith('did:key:') ? resolveDidKey(kid) : undefined;
  if (local) return local.ok ? { jwk: local.jwk, kid, did: local.did } : fail(local.description);
  if (!callbacks.resolveKid) return fail('proof kid cannot be resolved; use a jwk header, a did:jwk or a did:key kid');
  const resolved = await callbacks.resolveKid(kid);
  if (resolved === undefined) return fail(`proof kid ${kid} could not be resolved`);
  if (resolved['ok'] === false) return fail(`proof kid ${kid}: ${String(resolved['description'])}`);
  const checked = checkPublicJwk(resolved['ok'] === true ? resolved['jwk'] : resolved);
  if (!checked.ok) return fail(`key of proof kid: ${checked.description}`);
  return { jwk: checked.jwk, kid, did: kid.split('#')[0] as string };
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
 * asymmetric supported `alg`, exactly one of `kid` (did:jwk and did:key resolved locally, other DIDs via
 * `resolveKid`), `jwk` (public only) or `x5c` (unsupported), the key form allowed by `bindingMethods`, a trusted
 * `key_attestation` attesting the signing key when `keyAttestation` is set, the signature, `aud`, `iat` window,
 * `exp`, a present `nonce` and a matching `iss`. Security: nonces (the proof's and the attestation's) are only
 * read here; the caller must `checkNonce` and consume them (single use), otherwise proofs can be replayed. The
 * returned `holderJwk` is the key to bind the credential to, `holderDid` its DID (did:jwk for a JWK).
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

  let keyAttestation: VerifiedKeyAttestation | undefined;
  if (options.keyAttestation) {
    if (header['key_attestation'] === undefined)
      return fail('this credential configuration requires a key_attestation in the proof header');
    const attestation = await verifyKeyAttestation(
      header['key_attestation'],
      { ...options.keyAttestation, use: 'jwt', nowSeconds: options.nowSeconds, supportedAlgs: options.supportedAlgs },
      callbacks,
    );
    if (!attestation.verified) return attestation;
    keyAttestation = attestation;
  }

  const key = await resolveHolderKey(header, callbacks, options.bindingMethods, keyAttestation?.attestedKeys);
  if ('verified' in key) return key;
  if (!algMatchesKty(alg, key.jwk['kty'])) return fail(`proof alg ${alg} does not match the key type`);
  if (keyAttestation && !keyAttestation.attestedKeys.some((attested) => sameJwk(attested, key.jwk))) {
    return fail('proof is not signed by a key of the key attestation attested_keys');
  }

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
  if (keyAttestation) result.keyAttestation = keyAttestation;
  return result;
}
