import type { DecodedJws } from '@issuer/oauth2';
import type { Jwk, ResolveDidKeysCallback, VerifySignatureCallback } from '../callbacks';
import { didSigningKeys, didUrlOf } from '../did/did-keys';
import { isLocalDid, localDidKey } from '../did/did-local';
import { accessDenied, invalidRequest } from '../errors/oid4vp-error';
import { findVerifyingKey } from '../jose/jws-signature';
import type { TrustedIssuers } from './trusted-issuers';
import { trustX5c } from './x5c-trust';

export interface IssuerTrustContext {
  trust: TrustedIssuers;
  resolveDidKeys?: ResolveDidKeysCallback;
  verifySignature: VerifySignatureCallback;
  now: Date;
}

/** How a credential's signer was found trustworthy, for callers that log or show it. */
export interface TrustedSigner {
  jwk: Jwk;
  trustedBy: 'jwk' | 'certificate' | 'did';
  /** The trusted DID, for `did`. */
  did?: string;
}

interface Candidate extends TrustedSigner {
  /** Whether the header bound this key to the issuer (x5c chain, DID URL), so a failure is a bad signature. */
  bound: boolean;
}

async function didCandidates(jws: DecodedJws, issuer: unknown, context: IssuerTrustContext, problems: string[]): Promise<Candidate[]> {
  if (typeof issuer !== 'string' || !context.trust.dids.includes(issuer)) return [];
  const kid = jws.header['kid'];
  const didUrl = didUrlOf(kid, issuer);
  if (didUrl === undefined) {
    // did:jwk / did:key have one key, so a kid is not needed to find it; any other kid must be a DID URL of the issuer.
    const local = kid === undefined && isLocalDid(issuer) ? localDidKey(issuer) : undefined;
    if (local) return [{ jwk: local, trustedBy: 'did', did: issuer, bound: true }];
    problems.push('kid is not a DID URL of the issuer DID');
    return [];
  }
  const keys = await didSigningKeys(didUrl, context.resolveDidKeys);
  return keys.map((jwk) => ({ jwk, trustedBy: 'did' as const, did: issuer, bound: true }));
}

function jwkCandidates(jws: DecodedJws, trust: TrustedIssuers): Candidate[] {
  const kid = jws.header['kid'];
  return trust.jwks
    .filter((jwk) => kid === undefined || jwk['kid'] === undefined || jwk['kid'] === kid)
    .map((jwk) => ({ jwk, trustedBy: 'jwk' as const, bound: false }));
}

/**
 * Verifies that a credential (or status list) JWS is signed by a trusted issuer (API.md §11 `trustedIssuers`;
 * SD-JWT VC §3.5 / §4: key from `x5c` or from the DID of `iss`): an `x5c` chain to a trusted certificate, a `kid`
 * DID URL of `issuer` when that DID is trusted, or one of the trusted JWKs (matched by `kid` when both have one).
 * Keys that the JWS brings itself (`jwk` header, untrusted `x5c`) are never trusted on their own.
 * @throws Oid4vpError `access_denied` / `untrusted_issuer`, `invalid_request` / `invalid_signature`
 */
export async function verifyIssuerSignature(
  jws: DecodedJws,
  issuer: unknown,
  context: IssuerTrustContext,
  what: string,
): Promise<TrustedSigner> {
  const candidates: Candidate[] = [];
  const problems: string[] = [];
  if (jws.header['x5c'] !== undefined && context.trust.certificates.length > 0) {
    const chain = await trustX5c(jws.header['x5c'], context.trust.certificates, context.now);
    if (chain.ok) candidates.push({ jwk: chain.leafJwk, trustedBy: 'certificate', bound: true });
    else problems.push(chain.description);
  }
  candidates.push(...(await didCandidates(jws, issuer, context, problems)), ...jwkCandidates(jws, context.trust));
  if (candidates.length === 0) {
    throw accessDenied('untrusted_issuer', `${what} issuer is not trusted${problems.length ? ` (${problems.join('; ')})` : ''}`);
  }
  const key = await findVerifyingKey(
    jws,
    candidates.map((candidate) => candidate.jwk),
    context.verifySignature,
  );
  const signer = candidates.find((candidate) => candidate.jwk === key);
  if (signer) return { jwk: signer.jwk, trustedBy: signer.trustedBy, ...(signer.did ? { did: signer.did } : {}) };
  if (candidates.some((candidate) => candidate.bound)) throw invalidRequest('invalid_signature', `${what} signature is invalid`);
  throw accessDenied('untrusted_issuer', `${what} is not signed by a trusted issuer key`);
}
