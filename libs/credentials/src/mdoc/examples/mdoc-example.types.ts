import { MdocNameSpacesDataMappingConfig } from '../data-mapping-config.types';

/**
 * A ready-to-use mdoc example: the OID4VCI 1.0 credential configuration (Appendix A.2) to add to an issuer, and
 * the profile body (API.md §5) minus `issuerKeyId` and `certificateId`, which name a deployment's P-256 key and
 * its Document Signer certificate. The DS certificate's issuer `C` must equal the data's `issuing_country`.
 */
export interface MdocExampleProfile {
  credentialConfigurationId: string;
  credentialConfiguration: {
    format: 'mso_mdoc';
    doctype: string;
    scope: string;
    cryptographic_binding_methods_supported: string[];
    credential_signing_alg_values_supported: number[];
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: string[] } };
    credential_metadata: {
      display: { name: string; locale?: string; description?: string; background_color?: string; text_color?: string }[];
      claims: { path: string[]; mandatory?: boolean; display?: { name: string; locale?: string }[] }[];
    };
  };
  profile: {
    name: string;
    credentialConfigurationId: string;
    credentialData: Record<string, Record<string, unknown>>;
    mDocNameSpacesDataMappingConfig: MdocNameSpacesDataMappingConfig;
    validity: { validFor: string };
  };
}

/** An 8×8 grey baseline JPEG (159 bytes) standing in for a portrait; decoders render it. */
export const EXAMPLE_PORTRAIT_JPEG_BASE64 =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB' +
  'AQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z';

/** Claims metadata for elements of one namespace, English labels, in display order. */
export function claimsOf(ns: string, labels: Record<string, string>, mandatory: readonly string[] = []) {
  return Object.entries(labels).map(([element, name]) => ({
    path: [ns, element],
    ...(mandatory.includes(element) ? { mandatory: true } : {}),
    display: [{ name, locale: 'en-US' }],
  }));
}

/** The binding every example uses: a `jwt` proof whose key becomes the mdoc device key (COSE_Key). */
export const EXAMPLE_BINDING = {
  cryptographic_binding_methods_supported: ['cose_key'],
  // ES256 (-7) and its fully specified form ESP256 (-9), as HAIP and walt.id advertise them.
  credential_signing_alg_values_supported: [-7, -9],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'ES384', 'EdDSA'] } },
};
