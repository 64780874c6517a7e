import { X509Certificate } from 'node:crypto';
import { importJWK } from 'jose';
import { checkRedirectUri } from '@issuer/oauth2';
import type { FieldError, OutboundGuard } from '@issuer/platform';
import type { AuthorizationConfig } from './authorization-config.schema';

/**
 * What the schema cannot say about `IssuerConfig.authorization` (API.md §11): redirect URIs a browser may be sent
 * to, attestation trust anchors that are public keys and certificates, identity providers reachable under the
 * outbound rules (`http` only for hosts in OUTBOUND_ALLOWED_HOSTS), and the same rule for the external authorization
 * server and its introspection endpoint.
 */
export async function checkAuthorizationConfig(authorization: AuthorizationConfig, guard: OutboundGuard): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  authorization.redirectUris.forEach((uri, i) => {
    const checked = checkRedirectUri(uri);
    if (!checked.ok) errors.push({ path: `authorization.redirectUris.${i}`, message: checked.description });
  });
  const attestation = authorization.clientAttestation;
  for (const [i, jwk] of (attestation?.trustedKeys ?? []).entries()) {
    const path = `authorization.clientAttestation.trustedKeys.${i}`;
    if ('d' in jwk || 'k' in jwk) errors.push({ path, message: 'must be a public key (no private or symmetric members)' });
    else
      await importJWK(jwk as never, typeof jwk.alg === 'string' ? jwk.alg : jwk.kty === 'EC' ? 'ES256' : undefined).catch(() =>
        errors.push({ path, message: 'is not a usable public JWK' }),
      );
  }
  (attestation?.trustedCertificates ?? []).forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch {
      errors.push({ path: `authorization.clientAttestation.trustedCertificates.${i}`, message: 'is not a PEM certificate' });
    }
  });
  if (attestation?.required && !attestation.trustedKeys.length && !attestation.trustedCertificates.length)
    errors.push({
      path: 'authorization.clientAttestation.trustedKeys',
      message: 'required attestation needs trusted keys or certificates',
    });
  const outbound: [string, string][] = Object.entries(authorization.identityProviders).map(([name, idp]) => [
    `authorization.identityProviders.${name}.issuer`,
    idp.issuer,
  ]);
  const external = authorization.externalAuthorizationServer;
  if (external) outbound.push(['authorization.externalAuthorizationServer.issuer', external.issuer]);
  if (external?.introspection)
    outbound.push(['authorization.externalAuthorizationServer.introspection.endpoint', external.introspection.endpoint]);
  for (const [path, value] of outbound) {
    const url = new URL(value);
    if (url.protocol === 'http:' && !guard.isListed(url.hostname))
      errors.push({ path, message: 'http is allowed only for hosts in OUTBOUND_ALLOWED_HOSTS' });
  }
  return errors;
}
