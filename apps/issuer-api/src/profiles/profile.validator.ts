import { X509Certificate } from 'node:crypto';
import type { CertificateDto, DidResolutionResult, KeyDto, PublicJwk } from '@issuer/contracts';
import { parseDuration, validateMapping, validateMdocDataMappingConfig, validateSdMap } from '@issuer/credentials';
import type { FieldError } from '@issuer/platform';
import { checkExternalAsProfile, logsInAtExternalAs } from '../authorization/external-as/external-as-profile.rules';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import { checkCredentialStatus } from '../status-lists/credential-status.rules';
import { checkFormatRules } from './profile-format.rules';
import { checkAuthentication } from './profile-authentication.rules';
import type { ProfileBody } from './profile.schema';

export type KeyLookup = (keyId: string) => Promise<KeyDto | undefined>;
export type DidResolver = (did: string) => Promise<DidResolutionResult>;
export type CertificateLookup = (certificateId: string) => Promise<CertificateDto | undefined>;

/** What validation looks up elsewhere: kms keys and certificates, DIDs, and the outbound allow-list. */
export interface ProfileLookups {
  key: KeyLookup;
  resolveDid?: DidResolver;
  certificate?: CertificateLookup;
  /** Why an outbound URL (a `<webhook:…>` data function) would be refused; undefined when allowed. */
  outboundRefusal?: (url: string) => Promise<string | undefined>;
}

const KEY_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'];
function sameKey(a: Record<string, unknown>, b: PublicJwk): boolean {
  return KEY_MEMBERS.every((member) => a[member] === b[member]);
}

/** The issuer DID must name the profile's issuer key, or verifiers would look for a key that never signed. */
async function checkIssuerDid(did: string, key: KeyDto, resolveDid: DidResolver): Promise<string | undefined> {
  const resolution = await resolveDid(did);
  const document = resolution.didDocument;
  if (!document) return `does not resolve (${resolution.didResolutionMetadata.error ?? 'notFound'})`;
  const methods = document.verificationMethod ?? [];
  if (!methods.some((method) => method.publicKeyJwk && sameKey(method.publicKeyJwk, key.publicJwk))) {
    return `has no verification method with the public key of issuerKeyId ${key.keyId}`;
  }
  return undefined;
}

/**
 * Checks that a profile (or a profile with runtime overrides applied) can actually issue: the
 * configuration exists, the key exists and suits the format, and the SD map and data functions are valid.
 * `prefix` names where the fields came from (`runtimeOverrides` for offers).
 */
export async function validateProfile(
  profile: ProfileBody,
  issuer: IssuerConfig,
  lookups: ProfileLookups,
  prefix = '',
): Promise<FieldError[]> {
  const { key: lookupKey, resolveDid, certificate: lookupCertificate, outboundRefusal } = lookups;
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const errors: FieldError[] = [];
  const configuration = issuer.credentialConfigurations[profile.credentialConfigurationId];
  if (!configuration) {
    errors.push({
      path: 'credentialConfigurationId',
      message: `issuer ${issuer.id} has no credential configuration "${profile.credentialConfigurationId}"`,
    });
  }
  errors.push(...(logsInAtExternalAs(profile, issuer) ? checkExternalAsProfile(profile, at) : checkAuthentication(profile, issuer, at)));
  if (profile.x5Chain && profile.certificateId)
    errors.push({ path: at('x5Chain'), message: 'x5Chain and certificateId are mutually exclusive' });

  const key = await lookupKey(profile.issuerKeyId);
  if (!key) errors.push({ path: at('issuerKeyId'), message: `key ${profile.issuerKeyId} does not exist` });
  if (configuration) errors.push(...checkFormatRules(profile, configuration, key, at));
  if (configuration) errors.push(...checkCredentialStatus(profile.credentialStatus, configuration['format'], at));
  if (profile.issuerDid && key && resolveDid) {
    const problem = await checkIssuerDid(profile.issuerDid, key, resolveDid);
    if (problem) errors.push({ path: at('issuerDid'), message: problem });
  }
  if (profile.selectiveDisclosure !== undefined) {
    const sd = validateSdMap(profile.selectiveDisclosure);
    if (!sd.valid) errors.push(...sd.errors.map((e) => ({ path: `${at('selectiveDisclosure')}.${e.path}`, message: e.message })));
  }
  if (profile.mapping !== undefined) {
    const mapping = validateMapping(profile.mapping);
    if (!mapping.valid) errors.push(...mapping.errors.map((e) => ({ path: `${at('mapping')}.${e.path}`, message: e.message })));
  }
  profile.x5Chain?.forEach((pem, index) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      errors.push({ path: at(`x5Chain.${index}`), message: 'is not a valid PEM certificate' });
      return;
    }
    // Verifiers check the signature with the leaf's key: a leaf for another key makes every credential fail.
    if (index === 0 && key && !sameKey(certificate.publicKey.export({ format: 'jwk' }) as Record<string, unknown>, key.publicJwk))
      errors.push({ path: at('x5Chain.0'), message: `the leaf certificate is not for issuerKeyId ${key.keyId}` });
  });
  if (profile.certificateId && lookupCertificate) {
    const certificate = await lookupCertificate(profile.certificateId);
    if (!certificate) errors.push({ path: at('certificateId'), message: `certificate ${profile.certificateId} does not exist` });
    else if (key && certificate.keyId !== key.keyId)
      errors.push({ path: at('certificateId'), message: `certificate ${profile.certificateId} is not for issuerKeyId ${key.keyId}` });
  }
  if (profile.mapping !== undefined && outboundRefusal) {
    for (const url of webhookUrlsOf(profile.mapping)) {
      const refusal = await outboundRefusal(url);
      if (refusal) errors.push({ path: at('mapping'), message: `${url} cannot be called: ${refusal}` });
    }
  }
  if (profile.validity?.expectedUpdate !== undefined) {
    const duration = parseDuration(profile.validity.expectedUpdate);
    if (!duration.valid) errors.push({ path: at('validity.expectedUpdate'), message: duration.message });
  }
  if (profile.mDocNameSpacesDataMappingConfig !== undefined) {
    const config = validateMdocDataMappingConfig(profile.mDocNameSpacesDataMappingConfig);
    if (!config.valid)
      errors.push(
        ...config.errors.map((e) => ({
          path: `${at('mDocNameSpacesDataMappingConfig')}${e.path.startsWith('[') ? '' : '.'}${e.path}`,
          message: e.message,
        })),
      );
  }
  if (profile.validity?.validFor !== undefined) {
    const duration = parseDuration(profile.validity.validFor);
    if (!duration.valid) errors.push({ path: at('validity.validFor'), message: duration.message });
  }
  if (profile.issuance?.expiresIn !== undefined) {
    const duration = parseDuration(profile.issuance.expiresIn);
    if (!duration.valid) errors.push({ path: at('issuance.expiresIn'), message: duration.message });
  }
  return errors;
}

/** The URLs of the `<webhook:…>` and `<webhook-json:…>` calls anywhere in a mapping. */
function webhookUrlsOf(mapping: unknown): string[] {
  const urls: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      const call = /^<webhook(?:-json)?:(.+)>$/.exec(value);
      if (call) urls.push(call[1]!);
    } else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(mapping);
  return urls;
}
