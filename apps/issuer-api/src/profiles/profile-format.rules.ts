import type { KeyDto } from '@issuer/contracts';
import type { FieldError } from '@issuer/platform';
import type { ProfileBody } from './profile.schema';

/** COSE algorithm ids (RFC 9053, RFC 9864 fully specified) that a JOSE key algorithm signs as in mdoc. */
const COSE_ALGS: Record<string, number[]> = { ES256: [-7, -9], ES384: [-35, -51], EdDSA: [-8, -19], Ed25519: [-8, -19] };
/** ISO 18013-5 §9.1.3.5 cipher suites: EC (P-256, P-384) and EdDSA; never RSA or secp256k1. */
const MDOC_KEY_TYPES = ['secp256r1', 'secp384r1', 'ed25519'];

/**
 * Checks that the profile's fields suit the format of its credential configuration (API.md §5): key
 * types and algorithms the format can sign with, fields that only one format understands, and what a
 * format cannot do without (mdoc needs an X.509 chain and cannot name a DID; W3C selective disclosure needs VCDM 2.0).
 */
export function checkFormatRules(
  profile: Omit<ProfileBody, 'id'>,
  configuration: Record<string, unknown>,
  key: KeyDto | undefined,
  at: (field: string) => string,
): FieldError[] {
  const format = configuration['format'];
  const errors: FieldError[] = [];
  const refuse = (field: string, message: string) => errors.push({ path: at(field), message });
  const configId = profile.credentialConfigurationId;

  if (profile.w3cVersion !== undefined && format !== 'jwt_vc_json')
    refuse('w3cVersion', `applies only to jwt_vc_json, not ${String(format)}`);
  if (profile.mDocNameSpacesDataMappingConfig !== undefined && format !== 'mso_mdoc')
    refuse('mDocNameSpacesDataMappingConfig', `applies only to mso_mdoc, not ${String(format)}`);
  if (format === 'jwt_vc_json' && profile.selectiveDisclosure !== undefined && profile.w3cVersion !== '2.0')
    refuse('selectiveDisclosure', 'W3C credentials with selective disclosure (vc+sd-jwt) need w3cVersion "2.0"');
  if (format === 'mso_mdoc') {
    if (profile.selectiveDisclosure !== undefined)
      refuse('selectiveDisclosure', 'mdoc data elements are always disclosed one by one; an SD map does not apply');
    if (!profile.x5Chain && !profile.certificateId)
      refuse('x5Chain', 'mso_mdoc needs the Document Signer certificate: set x5Chain or certificateId');
    // An mdoc names its issuer only through the DS certificate (ISO 18013-5 §9.1.2.4); a DID would be ignored.
    if (profile.issuerDid !== undefined)
      refuse('issuerDid', 'an mdoc is issued by its Document Signer certificate (x5chain); a DID cannot identify its issuer');
    for (const [namespace, elements] of Object.entries(profile.credentialData ?? {})) {
      if (!elements || typeof elements !== 'object' || Array.isArray(elements))
        refuse(`credentialData.${namespace}`, 'mdoc credential data maps namespaces to objects of data elements');
    }
    if (key && !MDOC_KEY_TYPES.includes(key.type))
      refuse('issuerKeyId', `a ${key.type} key cannot sign mdocs (ISO 18013-5 allows P-256, P-384 and Ed25519)`);
  }

  const algs = configuration['credential_signing_alg_values_supported'];
  if (key && Array.isArray(algs) && algs.length > 0) {
    const accepted = format === 'mso_mdoc' ? [key.alg, ...(COSE_ALGS[key.alg] ?? [])] : [key.alg];
    if (!algs.some((alg) => accepted.includes(alg as string | number))) {
      refuse('issuerKeyId', `a ${key.type} key signs with ${key.alg}, which configuration ${configId} does not allow (${algs.join(', ')})`);
    }
  }
  return errors;
}
