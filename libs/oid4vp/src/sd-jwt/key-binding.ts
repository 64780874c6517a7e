import { isPlainObject } from '@issuer/oauth2';
import type { HashAlgorithm, Jwk } from '../callbacks';
import { invalidRequest } from '../errors/oid4vp-error';
import { decodeJws } from '../jose/compact-jws';
import { asPublicJwk } from '../jose/jwk';
import { verifyJwsWith } from '../jose/jws-signature';
import { checkAudience, checkJwtTimes, checkNonce, toSeconds } from '../jose/jwt-claims';
import type { PresentationContext } from '../vp-token/presentation-context';
import { digestOf } from './disclosures';
import type { SdJwtParts } from './sd-jwt-parts';

/** The JOSE `typ` of a Key Binding JWT (RFC 9901 §4.3). */
export const KB_JWT_TYP = 'kb+jwt';

/** The holder key of an SD-JWT VC: `cnf.jwk` (SD-JWT VC §3.2.2.2, RFC 7800 §3.2). */
export function holderKeyOf(payload: Record<string, unknown>): Jwk {
  const cnf = payload['cnf'];
  const jwk = asPublicJwk(isPlainObject(cnf) ? cnf['jwk'] : undefined);
  if (!jwk) throw invalidRequest('holder_binding_missing', 'credential has no cnf.jwk holder key, so it cannot be bound to the holder');
  return jwk;
}

/**
 * Verifies the Key Binding JWT of an SD-JWT presentation (RFC 9901 §7.3; OpenID4VP 1.0 Appendix B.3.6): present,
 * `typ: kb+jwt`, signed by the credential's `cnf.jwk`, `nonce` and `aud` those of the request, `iat` recent, and
 * `sd_hash` over exactly the presented issuer JWT and disclosures. Security: this binds the presentation to the
 * holder's key and to this one request, so a copied credential or a replayed response is refused.
 * @throws Oid4vpError `invalid_request` (`holder_binding_missing`, `holder_binding_invalid`, `nonce_mismatch`,
 * `audience_mismatch`, `expired`, `sd_hash_mismatch`)
 */
export async function verifyKeyBinding(
  parts: SdJwtParts,
  holderJwk: Jwk,
  sdAlg: HashAlgorithm,
  context: PresentationContext,
): Promise<void> {
  if (parts.keyBindingJwt === undefined) throw invalidRequest('holder_binding_missing', 'SD-JWT presentation has no KB-JWT');
  const kb = decodeJws(parts.keyBindingJwt, 'KB-JWT');
  if (kb.header['typ'] !== KB_JWT_TYP) throw invalidRequest('holder_binding_invalid', `KB-JWT typ must be ${KB_JWT_TYP}`);
  if (!(await verifyJwsWith(kb, holderJwk, context.crypto.verifySignature))) {
    throw invalidRequest('holder_binding_invalid', 'KB-JWT is not signed by the cnf.jwk key of the credential');
  }
  checkNonce(kb.payload, context.nonce, 'KB-JWT');
  // RFC 9901 §4.3: aud is a single string, the verifier.
  checkAudience(kb.payload, context.clientId, 'KB-JWT', { single: true });
  checkJwtTimes(
    kb.payload,
    { now: toSeconds(context.now), skew: context.skewSeconds, requireIat: true, maxAgeSeconds: context.maxPresentationAgeSeconds },
    'KB-JWT',
  );
  const sdHash = kb.payload['sd_hash'];
  if (typeof sdHash !== 'string' || sdHash !== (await digestOf(parts.hashedPart, sdAlg, context.crypto.hash))) {
    throw invalidRequest('sd_hash_mismatch', 'KB-JWT sd_hash does not match the presented SD-JWT');
  }
}
