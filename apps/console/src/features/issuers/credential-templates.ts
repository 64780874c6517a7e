import type { ClaimDescription, CredentialConfiguration } from './types';

/**
 * Starter credential configurations (OID4VCI 1.0 §12.2.4, Appendix A) in the shapes this platform accepts
 * (libs/oid4vci credential-configuration.schema.ts): a new user adds one and edits names and claims instead of
 * writing the JSON from memory. Each binds the credential to the wallet's key with a `jwt` proof.
 */
export interface CredentialTemplate {
  key: 'sd-jwt-vc' | 'mdoc-mdl' | 'w3c-jwt-vc';
  label: string;
  description: string;
  /** The configuration id it is added under (with a numeric suffix when taken). */
  id: string;
  build(id: string): CredentialConfiguration;
}

const label = (name: string, locale = 'en') => [{ name, locale }];
const claim = (path: ClaimDescription['path'], name: string, mandatory = false): ClaimDescription => ({
  path,
  ...(mandatory ? { mandatory: true } : {}),
  display: label(name),
});

// The JOSE algorithms of the key types kms creates (P-256, P-384, Ed25519); the profile's key decides which is used.
const JOSE_ALGS = ['ES256', 'ES384', 'EdDSA'];
const jwtProof = { jwt: { proof_signing_alg_values_supported: [...JOSE_ALGS] } };

export const CREDENTIAL_TEMPLATES: readonly CredentialTemplate[] = [
  {
    key: 'sd-jwt-vc',
    label: 'SD-JWT VC (identity)',
    description: 'dc+sd-jwt with selectively disclosable claims; the type (vct) defaults to this issuer’s Type Metadata',
    id: 'identity_sd_jwt',
    build: (id) => ({
      format: 'dc+sd-jwt',
      scope: id,
      cryptographic_binding_methods_supported: ['jwk'],
      credential_signing_alg_values_supported: [...JOSE_ALGS],
      proof_types_supported: structuredClone(jwtProof),
      credential_metadata: {
        display: [
          {
            name: 'Identity credential',
            locale: 'en',
            description: 'Name, date of birth and address',
            background_color: '#1c3d6e',
            text_color: '#ffffff',
          },
        ],
        claims: [
          claim(['given_name'], 'Given name', true),
          claim(['family_name'], 'Family name', true),
          claim(['birthdate'], 'Date of birth'),
          claim(['address', 'locality'], 'City'),
          claim(['address', 'country'], 'Country'),
        ],
      },
    }),
  },
  {
    key: 'mdoc-mdl',
    label: 'mdoc mobile driving licence (ISO 18013-5)',
    description: 'mso_mdoc with doctype org.iso.18013.5.1.mDL; its profile needs a Document Signer certificate',
    id: 'org.iso.18013.5.1.mDL',
    build: (id) => ({
      format: 'mso_mdoc',
      doctype: 'org.iso.18013.5.1.mDL',
      scope: id,
      cryptographic_binding_methods_supported: ['cose_key'],
      // mdoc names COSE algorithms by number: ES256 (-7) and its fully specified form ESP256 (-9).
      credential_signing_alg_values_supported: [-7, -9],
      proof_types_supported: structuredClone(jwtProof),
      credential_metadata: {
        display: [{ name: 'Mobile driving licence', locale: 'en', background_color: '#7a1c1c', text_color: '#ffffff' }],
        claims: [
          ['family_name', 'Family name', true],
          ['given_name', 'Given name', true],
          ['birth_date', 'Date of birth', true],
          ['issue_date', 'Date of issue', true],
          ['expiry_date', 'Date of expiry', true],
          ['issuing_country', 'Issuing country', true],
          ['issuing_authority', 'Issuing authority', true],
          ['document_number', 'Licence number', true],
          ['portrait', 'Portrait', true],
          ['driving_privileges', 'Driving privileges', true],
          ['age_over_18', 'Over 18'],
        ].map(([element, name, mandatory]) => claim(['org.iso.18013.5.1', element as string], name as string, mandatory === true)),
      },
    }),
  },
  {
    key: 'w3c-jwt-vc',
    label: 'W3C VC as JWT (university degree)',
    description: 'jwt_vc_json (VCDM 1.1 by default, 2.0 with the profile’s w3cVersion), bound to a did:jwk or did:key',
    id: 'UniversityDegree_jwt_vc_json',
    build: (id) => ({
      format: 'jwt_vc_json',
      scope: id,
      credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] },
      cryptographic_binding_methods_supported: ['did:jwk', 'did:key'],
      credential_signing_alg_values_supported: [...JOSE_ALGS],
      proof_types_supported: structuredClone(jwtProof),
      credential_metadata: {
        display: [
          {
            name: 'University degree',
            locale: 'en',
            description: 'A degree awarded by this university',
            background_color: '#2f5d3a',
            text_color: '#ffffff',
          },
        ],
        claims: [
          claim(['credentialSubject', 'given_name'], 'Given name'),
          claim(['credentialSubject', 'family_name'], 'Family name'),
          claim(['credentialSubject', 'degree', 'type'], 'Degree'),
          claim(['credentialSubject', 'degree', 'name'], 'Degree name'),
        ],
      },
    }),
  },
];

/** The template's id, or the first of `<id>_2`, `<id>_3`, … that the issuer does not use yet. */
export function freeConfigurationId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

/** The configurations with the template added at the end; returns the id it got. */
export function addTemplate(
  configurations: Record<string, CredentialConfiguration>,
  template: CredentialTemplate,
): { configurations: Record<string, CredentialConfiguration>; id: string } {
  const id = freeConfigurationId(template.id, Object.keys(configurations));
  return { configurations: { ...configurations, [id]: template.build(id) }, id };
}
