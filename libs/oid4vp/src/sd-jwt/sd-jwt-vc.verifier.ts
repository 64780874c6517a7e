import { invalidRequest } from '../errors/oid4vp-error';
import { decodeJws } from '../jose/compact-jws';
import { checkJwtTimes, toSeconds } from '../jose/jwt-claims';
import { checkTokenStatusList } from '../status/token-status-list.check';
import { verifyIssuerSignature, type TrustedSigner } from '../trust/issuer-signature';
import type { PresentationContext } from '../vp-token/presentation-context';
import { resolveDisclosures, sdAlgOf } from './disclosures';
import { holderKeyOf, verifyKeyBinding } from './key-binding';
import { splitSdJwt } from './sd-jwt-parts';

/** `typ` values of an IETF SD-JWT VC: `dc+sd-jwt`, and `vc+sd-jwt` as issued before November 2024 (SD-JWT VC §3.2.1). */
export const SD_JWT_VC_TYPES = ['dc+sd-jwt', 'vc+sd-jwt'] as const;

export interface VerifiedSdJwtVc {
  vct: string;
  /** The processed payload: signed claims plus the disclosed ones, nested as in the credential, without `_sd_alg`. */
  claims: Record<string, unknown>;
  issuer: TrustedSigner;
}

/**
 * Verifies one SD-JWT VC presentation (OpenID4VP 1.0 Appendix B.3; SD-JWT VC §3; RFC 9901 §7): the issuer-signed JWT
 * (`typ`, signature by a trusted issuer, `vct`, `exp` / `nbf`), the disclosures against the signed digests, the
 * KB-JWT (required: holder binding, `nonce`, `aud`, `sd_hash`, `iat`) and the Token Status List status if referenced.
 * Security-relevant claims (`vct`, `cnf`, `status`, times) are read from the signed payload, never from disclosures.
 * @throws Oid4vpError with the code and reason of the first failed check
 */
export async function verifySdJwtVcPresentation(presentation: unknown, context: PresentationContext): Promise<VerifiedSdJwtVc> {
  const parts = splitSdJwt(presentation);
  const jws = decodeJws(parts.issuerJwt, 'SD-JWT VC');
  if (!SD_JWT_VC_TYPES.includes(jws.header['typ'] as never)) throw invalidRequest('malformed', 'SD-JWT VC typ must be dc+sd-jwt');
  const signed = jws.payload;
  const vct = signed['vct'];
  if (typeof vct !== 'string' || vct === '') throw invalidRequest('malformed', 'SD-JWT VC has no vct');
  const issuer = await verifyIssuerSignature(
    jws,
    signed['iss'],
    { ...context, verifySignature: context.crypto.verifySignature },
    'SD-JWT VC',
  );
  checkJwtTimes(signed, { now: toSeconds(context.now), skew: context.skewSeconds }, 'SD-JWT VC');
  const sdAlg = sdAlgOf(signed);
  const claims = await resolveDisclosures(signed, parts.disclosures, context.crypto.hash);
  await verifyKeyBinding(parts, holderKeyOf(signed), sdAlg, context);
  // Status last (draft-ietf-oauth-status-list §8.3): an expired or forged credential is refused without a fetch.
  await checkTokenStatusList(signed['status'], issuer.jwk, signed['iss'], context);
  return { vct, claims, issuer };
}
