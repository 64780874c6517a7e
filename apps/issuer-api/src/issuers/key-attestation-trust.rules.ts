import { createPublicKey, X509Certificate } from 'node:crypto';
import { checkPublicJwk } from '@issuer/oauth2';
import type { FieldError } from '@issuer/platform';
import type { KeyAttestationTrustConfig, KeyAttestationTrustList } from './key-attestation-trust.schema';

interface TrustHolder {
  keyAttestationTrust?: KeyAttestationTrustConfig | undefined;
  credentialConfigurations: Record<string, unknown>;
}

/** The trust lists of one credential configuration: its own entry, else the issuer-wide lists. */
export function keyAttestationTrustFor(issuer: Pick<TrustHolder, 'keyAttestationTrust'>, configurationId: string): KeyAttestationTrustList {
  const trust = issuer.keyAttestationTrust;
  return (
    trust?.credentialConfigurations?.[configurationId] ?? {
      trustedKeys: trust?.trustedKeys ?? [],
      trustedCertificates: trust?.trustedCertificates ?? [],
    }
  );
}

/** Where a configuration demands key attestations (OID4VCI 1.0 Appendix D, F.3): its metadata member paths. */
export function keyAttestationDemands(configuration: unknown): string[] {
  const types = (configuration as { proof_types_supported?: Record<string, { key_attestations_required?: unknown } | undefined> })
    ?.proof_types_supported;
  const demands: string[] = [];
  if (types?.['jwt']?.key_attestations_required !== undefined) demands.push('proof_types_supported.jwt.key_attestations_required');
  if (types?.['attestation'] !== undefined) demands.push('proof_types_supported.attestation');
  return demands;
}

function checkList(list: KeyAttestationTrustList, path: string): FieldError[] {
  const errors: FieldError[] = [];
  list.trustedKeys.forEach((jwk, i) => {
    const checked = checkPublicJwk(jwk);
    if (!checked.ok) return errors.push({ path: `${path}.trustedKeys.${i}`, message: `must be a public JWK: ${checked.description}` });
    try {
      createPublicKey({ key: jwk as never, format: 'jwk' });
    } catch {
      errors.push({ path: `${path}.trustedKeys.${i}`, message: 'is not a usable public JWK' });
    }
  });
  list.trustedCertificates.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch {
      errors.push({ path: `${path}.trustedCertificates.${i}`, message: 'is not a PEM certificate' });
    }
  });
  return errors;
}

/**
 * `keyAttestationTrust` (docs/api-additions.md): public keys and parsable certificates only, per-configuration
 * entries for existing configurations, and every configuration that demands key attestations has someone to
 * trust — otherwise its metadata would advertise a requirement no wallet could meet.
 */
export function checkKeyAttestationTrust(issuer: TrustHolder): FieldError[] {
  const trust = issuer.keyAttestationTrust;
  const errors: FieldError[] = trust
    ? checkList({ trustedKeys: trust.trustedKeys, trustedCertificates: trust.trustedCertificates }, 'keyAttestationTrust')
    : [];
  for (const [id, list] of Object.entries(trust?.credentialConfigurations ?? {})) {
    const path = `keyAttestationTrust.credentialConfigurations.${id}`;
    if (!(id in issuer.credentialConfigurations)) errors.push({ path, message: `credential configuration ${id} does not exist` });
    errors.push(...checkList(list, path));
  }
  for (const [id, configuration] of Object.entries(issuer.credentialConfigurations)) {
    const list = keyAttestationTrustFor(issuer, id);
    if (list.trustedKeys.length || list.trustedCertificates.length) continue;
    for (const demand of keyAttestationDemands(configuration)) {
      errors.push({
        path: `credentialConfigurations.${id}.${demand}`,
        message: 'needs trusted key attestation issuers: set keyAttestationTrust.trustedKeys or trustedCertificates',
      });
    }
  }
  return errors;
}
