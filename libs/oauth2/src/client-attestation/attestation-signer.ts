import type { VerifySignatureCallback } from '../callbacks';
import type { DecodedJws } from '../encoding/compact-jws';
import { algMatchesKty, checkPublicJwk } from '../jwk/public-jwk';
import { parseTrustAnchors, verifyX5cChain } from './x5c-chain';

/** Who may sign client attestations for an issuer (API.md §11 `clientAttestation`; walt.id `static-jwk` / `x509-chain`). */
export interface ClientAttestationTrust {
  /** Public JWKs of trusted wallet providers (attesters). */
  trustedKeys?: readonly Record<string, unknown>[];
  /** PEM certificates of trusted roots/intermediates; the attestation's `x5c` header must chain to one. */
  trustedCertificates?: readonly string[];
}

export type AttestationSignerCheck = { ok: true; trustedBy: 'key' | 'certificate' } | { ok: false; description: string };

async function verifyWith(jws: DecodedJws, alg: string, jwk: Record<string, unknown>, verify: VerifySignatureCallback): Promise<boolean> {
  if (!algMatchesKty(alg, jwk['kty'])) return false;
  if (typeof jwk['alg'] === 'string' && jwk['alg'] !== alg) return false;
  try {
    return await verify({ alg, jwk, signingInput: jws.signingInput, signature: jws.signature });
  } catch {
    return false;
  }
}

/**
 * Checks that a client attestation JWT is signed by a trusted attester (draft-ietf-oauth-attestation-based-client-auth
 * §5.1 rule 2, §12 trust; HAIP §5.2): through an `x5c` chain to one of `trustedCertificates`, or by one of
 * `trustedKeys` (matched by `kid` when the header has one). Keys the attestation brings itself (`jwk` header) are
 * never trusted on their own.
 */
export async function verifyAttestationSigner(
  jws: DecodedJws,
  alg: string,
  trust: ClientAttestationTrust,
  now: Date,
  verify: VerifySignatureCallback,
): Promise<AttestationSignerCheck> {
  const x5c = jws.header['x5c'];
  let chainProblem: string | undefined;
  if (x5c !== undefined && (trust.trustedCertificates?.length ?? 0) > 0) {
    const chain = await verifyX5cChain(x5c, parseTrustAnchors(trust.trustedCertificates ?? []), now);
    if (chain.ok) {
      return (await verifyWith(jws, alg, chain.leafJwk, verify))
        ? { ok: true, trustedBy: 'certificate' }
        : { ok: false, description: 'client attestation signature does not verify with the x5c leaf certificate' };
    }
    chainProblem = chain.description;
  }
  const kid = jws.header['kid'];
  const candidates = (trust.trustedKeys ?? []).filter(
    (key) => checkPublicJwk(key).ok && (kid === undefined || key['kid'] === undefined || key['kid'] === kid),
  );
  for (const key of candidates) {
    if (await verifyWith(jws, alg, key, verify)) return { ok: true, trustedBy: 'key' };
  }
  return { ok: false, description: chainProblem ?? 'client attestation is not signed by a trusted key or certificate' };
}
