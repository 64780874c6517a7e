import type { DecodedJws } from '@issuer/oauth2';
import type { Jwk } from '../callbacks';
import { invalidRequest, Oid4vpError } from '../errors/oid4vp-error';
import { decodeJws } from '../jose/compact-jws';
import { verifyJwsWith } from '../jose/jws-signature';
import { verifyIssuerSignature } from '../trust/issuer-signature';
import type { PresentationContext } from '../vp-token/presentation-context';

const unavailable = (description: string, cause?: unknown) =>
  new Oid4vpError('temporarily_unavailable', 'status_unavailable', description, { cause });

/**
 * Fetches a status list through the caller's callback and verifies its signature with the same trust as the
 * credential: the key that signed the credential, or else any signer `trustedIssuers` accepts (a separate status
 * signing key chained to a trusted certificate, a key of the trusted issuer DID). Fails closed: no callback, a failed
 * fetch, or an untrusted list means the status is unknown and the presentation is refused.
 */
export async function fetchTrustedStatusList(
  uri: string,
  credentialKey: Jwk,
  issuer: unknown,
  context: PresentationContext,
): Promise<DecodedJws> {
  if (!context.fetchStatusList) throw unavailable('credential has a status list but no status list fetcher is configured');
  let token: string;
  try {
    token = await context.fetchStatusList(uri);
  } catch (cause) {
    throw unavailable('status list could not be fetched', cause);
  }
  let jws: DecodedJws;
  try {
    jws = decodeJws(token, 'status list token');
  } catch (cause) {
    throw unavailable('status list is not a JWT', cause);
  }
  if (await verifyJwsWith(jws, credentialKey, context.crypto.verifySignature)) return jws;
  try {
    await verifyIssuerSignature(
      jws,
      jws.payload['iss'] ?? issuer,
      { ...context, verifySignature: context.crypto.verifySignature },
      'status list token',
    );
  } catch (cause) {
    throw unavailable('status list is not signed by a trusted issuer', cause);
  }
  return jws;
}

/** A status list's `exp` must not have passed: a stale list cannot prove a credential is still valid. */
export function checkStatusListFreshness(payload: Record<string, unknown>, nowSeconds: number): void {
  const exp = payload['exp'];
  if (exp !== undefined && (typeof exp !== 'number' || exp <= nowSeconds)) throw unavailable('status list has expired');
}

export const malformedStatus = (description: string) => invalidRequest('credential_status_invalid', description);
