import type { DcqlCredentialPresentation, DcqlCredentialQuery } from 'dcql';
import type { CryptoCallbacks, FetchStatusListCallback, ResolveDidKeysCallback } from '../callbacks';
import { nodeCryptoCallbacks } from '../crypto/node-crypto.callbacks';
import { checkDcqlSatisfied } from '../dcql/dcql-presentation.check';
import { parseConfiguredDcqlQuery } from '../dcql/dcql-query.validator';
import { invalidRequest, toResult, type Oid4vpFailure } from '../errors/oid4vp-error';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../jose/jwt-claims';
import { verifySdJwtVcPresentation } from '../sd-jwt/sd-jwt-vc.verifier';
import { toTrustedIssuers, type TrustedIssuers } from '../trust/trusted-issuers';
import { verifyW3cVpJwt } from '../w3c/vp-jwt.verifier';
import { verifyMdocPresentation } from './mdoc-presentation';
import type { MdocPresentationVerifier } from './mdoc-verifier.type';
import type { PresentationContext } from './presentation-context';
import { parseVpToken } from './vp-token.parser';

export interface VpTokenVerificationOptions {
  /** The DCQL query of the request (the profile's `dcqlQuery`); an invalid query throws `TypeError` (configuration). */
  dcqlQuery: unknown;
  /** The request's `client_id`, exactly as sent: the expected `aud` of KB-JWTs and VP JWTs. */
  clientId: string;
  /** The request's `nonce`. */
  nonce: string;
  /** Verification time; defaults to now. */
  now?: Date;
  /** The profile's `trustedIssuers` (raw list or `parseTrustedIssuers` output); an invalid raw list throws `TypeError`. */
  trustedIssuers?: TrustedIssuers | readonly unknown[];
  /** Keys of DIDs other than did:jwk / did:key (issuer DIDs, holder DIDs of VP JWTs). */
  resolveDidKeys?: ResolveDidKeysCallback;
  /** Status lists referenced by presented credentials; without it a credential with a status is refused. */
  fetchStatusList?: FetchStatusListCallback;
  /** The mdoc DeviceResponse verifier (src/mdoc); without it `mso_mdoc` presentations are refused. */
  mdoc?: MdocPresentationVerifier;
  /** The request's `response_uri`: part of the mdoc SessionTranscript; required (else `TypeError`) with `mdoc`. */
  responseUri?: string;
  /** Tolerated clock skew in seconds (default 60). */
  clockSkewSeconds?: number;
  /** Oldest acceptable KB-JWT / VP JWT `iat`, in seconds (default 300). */
  maxPresentationAgeSeconds?: number;
  /** Crypto callbacks; default node:crypto. */
  crypto?: Partial<CryptoCallbacks>;
}

/** One verified presentation, in the shape DCQL matches and with the claims the login gets. */
export interface VerifiedPresentation {
  format: string;
  /** SD-JWT VC: the processed payload; jwt_vc_json: the first credential's `credentialSubject`; mdoc: namespaces. */
  claims: Record<string, unknown>;
  /** What the DCQL check saw (format, vct / doctype / type, claims, holder binding). */
  dcql: DcqlCredentialPresentation;
}

export type VpTokenVerificationResult =
  | {
      verified: true;
      /** Disclosed claims per credential query id (first presentation of each id), for `idTokenClaimsMapping`. */
      claims: Record<string, Record<string, unknown>>;
      presentations: Record<string, VerifiedPresentation[]>;
    }
  | Oid4vpFailure;

async function verifyOne(
  presentation: unknown,
  query: DcqlCredentialQuery,
  options: VpTokenVerificationOptions,
  context: PresentationContext,
): Promise<VerifiedPresentation> {
  const format = query.format;
  if (format === 'dc+sd-jwt' || format === 'vc+sd-jwt') {
    const sdJwt = await verifySdJwtVcPresentation(presentation, context);
    const { _sd_alg: _alg, ...claims } = sdJwt.claims;
    return {
      format,
      claims,
      dcql: { credential_format: format, vct: sdJwt.vct, claims: claims as never, cryptographic_holder_binding: true },
    };
  }
  if (format === 'jwt_vc_json') {
    const vp = await verifyW3cVpJwt(presentation, context);
    const first = vp.credentials[0]!;
    const subject = [first.credential['credentialSubject']].flat()[0] as Record<string, unknown>;
    return {
      format,
      claims: subject,
      dcql: { credential_format: format, type: first.types, claims: first.credential as never, cryptographic_holder_binding: true },
    };
  }
  if (format === 'mso_mdoc') {
    const mdoc = await verifyMdocPresentation(presentation, query, { verifier: options.mdoc, responseUri: options.responseUri }, context);
    return { format, claims: mdoc.claims, dcql: mdoc.record };
  }
  throw invalidRequest('unsupported', `credential format ${String(format)} is not supported`);
}

/**
 * Verifies the `vp_token` of an OpenID4VP 1.0 `direct_post` response (§8.1, §8.6, §14.1; Appendix B) for a
 * `VP_TOKEN` login (API.md §11): every presentation with its credential query's format — SD-JWT VC with KB-JWT,
 * W3C VP JWT, mdoc DeviceResponse through `mdoc` — against `trustedIssuers`, the request's `nonce` and `client_id`,
 * validity and status; then the DCQL query must be satisfied. Returns the disclosed claims per credential query id.
 *
 * Replay: the nonce binds each presentation to one request, but this library keeps no state. The caller must make
 * the request state single-use (look it up by `state`, mark it answered atomically before or with verification)
 * and discard the nonce afterwards; otherwise a captured response could be posted again within its lifetime.
 */
export async function verifyVpTokenResponse(vpToken: unknown, options: VpTokenVerificationOptions): Promise<VpTokenVerificationResult> {
  const query = parseConfiguredDcqlQuery(options.dcqlQuery);
  const trust = toTrustedIssuers(options.trustedIssuers);
  if (options.mdoc && !options.responseUri && query.credentials.some((credential) => credential.format === 'mso_mdoc')) {
    throw new TypeError('responseUri is required to verify mso_mdoc presentations (it is part of the SessionTranscript)');
  }
  const context: PresentationContext = {
    clientId: options.clientId,
    nonce: options.nonce,
    now: options.now ?? new Date(),
    skewSeconds: options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
    maxPresentationAgeSeconds: options.maxPresentationAgeSeconds ?? 300,
    crypto: { ...nodeCryptoCallbacks, ...options.crypto },
    trust,
    ...(options.resolveDidKeys ? { resolveDidKeys: options.resolveDidKeys } : {}),
    ...(options.fetchStatusList ? { fetchStatusList: options.fetchStatusList } : {}),
  };
  return toResult(async () => {
    const entries = parseVpToken(vpToken, query.credentials);
    const presentations: Record<string, VerifiedPresentation[]> = {};
    for (const [id, list] of Object.entries(entries)) {
      const credentialQuery = query.credentials.find((credential) => credential.id === id)!;
      presentations[id] = [];
      for (const presentation of list) presentations[id].push(await verifyOne(presentation, credentialQuery, options, context));
    }
    checkDcqlSatisfied(query, Object.fromEntries(Object.entries(presentations).map(([id, list]) => [id, list.map((p) => p.dcql)])));
    const claims = Object.fromEntries(Object.entries(presentations).map(([id, list]) => [id, list[0]!.claims]));
    return { verified: true as const, claims, presentations };
  });
}
