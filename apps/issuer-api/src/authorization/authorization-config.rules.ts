import { X509Certificate } from 'node:crypto';
import { importJWK } from 'jose';
import { checkRedirectUri } from '@issuer/oauth2';
import type { FieldError, OutboundGuard } from '@issuer/platform';
import type { AuthorizationConfig } from './authorization-config.schema';

/**
 * What the schema cannot say about `IssuerConfig.authorization` (API.md §11): redirect URIs a browser may be sent
 * to, attestation trust anchors that are public keys and certificates, identity providers reachable under the
 * outbound rules (`http` only for hosts in OUTBOUND_ALLOWED_HOSTS), and the external AS mode, which this build
 * does not serve yet.
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
  for (const [name, idp] of Object.entries(authorization.identityProviders)) {
    const url = new URL(idp.issuer);
    if (url.protocol === 'http:' && !guard.isListed(url.hostname))
      errors.push({
        path: `authorization.identityProviders.${name}.issuer`,
        message: 'http is allowed only for hosts in OUTBOUND_ALLOWED_HOSTS',
      });
  }
  if (authorization.externalAuthorizationServer)
    errors.push({
      path: 'authorization.externalAuthorizationServer',
      message: 'an external authorization server is not available in this version',
    });
  return errors;
}
