import { isPlainObject, type DecodedJws } from '@issuer/oauth2';
import { sameJwk } from '@issuer/oid4vci';
import type { Jwk } from '../callbacks';
import { didSigningKeys } from '../did/did-keys';
import { isDid, localDidKey, splitDidUrl } from '../did/did-local';
import { invalidRequest } from '../errors/oid4vp-error';
import { decodeJws } from '../jose/compact-jws';
import { asPublicJwk } from '../jose/jwk';
import { findVerifyingKey } from '../jose/jws-signature';
import { checkAudience, checkJwtTimes, checkNonce, toSeconds } from '../jose/jwt-claims';
import type { PresentationContext } from '../vp-token/presentation-context';
import { verifyW3cCredentialJwt, type VerifiedW3cCredential } from './vc-jwt.verifier';

export interface VerifiedW3cPresentation {
  /** The holder's DID (from the VP signer's `kid`, or `iss` / `holder` matching a `jwk` header). */
  holder?: string;
  holderJwk: Jwk;
  /** The verified credentials, in presentation order; the first one answers the DCQL query. */
  credentials: VerifiedW3cCredential[];
}

/** `data:application/vc+jwt,<jwt>` of an EnvelopedVerifiableCredential (VC-JOSE-COSE §3.1.1, VCDM 2.0 §4.13). */
const ENVELOPED_PREFIXES = ['data:application/vc+jwt,', 'data:application/jwt,'];

function embeddedJwt(entry: unknown): unknown {
  if (typeof entry === 'string') return entry;
  const id = isPlainObject(entry) ? entry['id'] : undefined;
  const prefix = typeof id === 'string' ? ENVELOPED_PREFIXES.find((p) => id.startsWith(p)) : undefined;
  if (prefix === undefined)
    throw invalidRequest('unsupported', 'verifiableCredential entries must be JWTs or enveloped vc+jwt credentials');
  return (id as string).slice(prefix.length);
}

/** The holder key: a `kid` DID URL (resolved), or a `jwk` header; its DID when the presentation names one. */
async function holderOf(jws: DecodedJws, vp: Record<string, unknown>, context: PresentationContext): Promise<{ did?: string; jwk: Jwk }> {
  const kid = jws.header['kid'];
  const claimed = jws.payload['iss'] ?? vp['holder'];
  if (typeof kid === 'string' && isDid(splitDidUrl(kid).did)) {
    const did = splitDidUrl(kid).did;
    if (claimed !== undefined && claimed !== did)
      throw invalidRequest('subject_mismatch', 'VP iss / holder is not the DID of its signing key');
    const jwk = await findVerifyingKey(jws, await didSigningKeys(kid, context.resolveDidKeys), context.crypto.verifySignature);
    if (!jwk) throw invalidRequest('invalid_signature', 'VP signature does not verify with the key of its kid');
    return { did, jwk };
  }
  const headerJwk = asPublicJwk(jws.header['jwk']);
  if (!headerJwk) throw invalidRequest('malformed', 'VP JWT needs a kid DID URL or a jwk header naming the holder key');
  if (!(await findVerifyingKey(jws, [headerJwk], context.crypto.verifySignature)))
    throw invalidRequest('invalid_signature', 'VP signature is invalid');
  // A jwk header binds a DID only when that DID is self-certifying for exactly this key (did:jwk, did:key).
  const claimedKey = typeof claimed === 'string' ? localDidKey(claimed) : undefined;
  if (claimed !== undefined && !(claimedKey && sameJwk(claimedKey, headerJwk))) {
    throw invalidRequest('subject_mismatch', 'VP iss / holder does not match its jwk header');
  }
  return { ...(typeof claimed === 'string' ? { did: claimed } : {}), jwk: headerJwk };
}

/** Holder binding: the credential is about the VP signer (`credentialSubject.id` = holder DID) or bound to its key. */
function checkHolderBinding(credential: VerifiedW3cCredential, holder: { did?: string; jwk: Jwk }): void {
  const cnf = credential.credential['cnf'];
  const boundKey = asPublicJwk(isPlainObject(cnf) ? cnf['jwk'] : undefined);
  if (holder.did !== undefined && credential.subjectIds.includes(holder.did)) return;
  if (boundKey && sameJwk(boundKey, holder.jwk)) return;
  throw invalidRequest('holder_binding_invalid', 'credentialSubject.id is not the DID that signed the presentation');
}

/**
 * Verifies a W3C VP JWT (`jwt_vc_json`, OpenID4VP 1.0 Appendix B.1.3.1; VCDM 1.1 §6.3.1 `vp` claim, and the VCDM 2.0
 * shape): signed by the holder (`kid` DID URL or `jwk`), `nonce` and `aud` those of the request, `exp` / `iat`, then
 * every embedded credential JWT (trusted issuer, validity, status) and its holder binding to the signer. Security:
 * without the binding check any holder could present someone else's credential inside their own VP.
 * @throws Oid4vpError with the code and reason of the first failed check
 */
export async function verifyW3cVpJwt(presentation: unknown, context: PresentationContext): Promise<VerifiedW3cPresentation> {
  const jws = decodeJws(presentation, 'VP JWT');
  const vp = isPlainObject(jws.payload['vp']) ? jws.payload['vp'] : jws.payload;
  if (![vp['type']].flat().includes('VerifiablePresentation'))
    throw invalidRequest('malformed', 'VP type must include VerifiablePresentation');
  const holder = await holderOf(jws, vp, context);
  checkNonce(jws.payload, context.nonce, 'VP JWT');
  checkAudience(jws.payload, context.clientId, 'VP JWT');
  checkJwtTimes(
    jws.payload,
    { now: toSeconds(context.now), skew: context.skewSeconds, maxAgeSeconds: context.maxPresentationAgeSeconds },
    'VP JWT',
  );
  const entries = [vp['verifiableCredential'] ?? []].flat();
  if (entries.length === 0) throw invalidRequest('malformed', 'VP contains no verifiableCredential');
  const credentials: VerifiedW3cCredential[] = [];
  for (const entry of entries) {
    const credential = await verifyW3cCredentialJwt(embeddedJwt(entry), context);
    checkHolderBinding(credential, holder);
    credentials.push(credential);
  }
  return { ...(holder.did ? { holder: holder.did } : {}), holderJwk: holder.jwk, credentials };
}
