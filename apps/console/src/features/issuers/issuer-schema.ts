import { useQuery } from '@tanstack/react-query';
import { requestSchema } from '../../api/openapi-schemas';

type Json = Record<string, unknown>;

const strings = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description });
const display = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'Name of the credential, as the wallet shows it' },
    locale: { type: 'string', description: 'BCP 47 language tag, e.g. en or de-CH' },
    logo: { type: 'object', required: ['uri'], properties: { uri: { type: 'string' }, alt_text: { type: 'string' } } },
    description: { type: 'string' },
    background_color: { type: 'string', description: 'CSS colour of the card, e.g. #12107c' },
    background_image: { type: 'object', required: ['uri'], properties: { uri: { type: 'string' } } },
    text_color: { type: 'string', description: 'CSS colour of the text on the card' },
  },
};
const proofType = {
  type: 'object',
  required: ['proof_signing_alg_values_supported'],
  properties: {
    proof_signing_alg_values_supported: strings('JOSE algorithms the wallet may sign its proof with'),
    key_attestations_required: { type: 'object', properties: { key_storage: strings(''), user_authentication: strings('') } },
  },
};

/**
 * A credential configuration (OID4VCI 1.0 §12.2.4, Appendix A) for the JSON editor's completion and hover. The API
 * schema types `credentialConfigurations` values as anything, because the oid4vci library checks them after the
 * schema (libs/oid4vci credential-configuration.schema.ts); this mirrors those checks' shape so that the editor
 * helps, while the API's answer stays what decides.
 */
export const CREDENTIAL_CONFIGURATION_SCHEMA: Json = {
  type: 'object',
  required: ['format'],
  properties: {
    format: { enum: ['dc+sd-jwt', 'jwt_vc_json', 'mso_mdoc'], description: 'Credential format' },
    scope: { type: 'string', description: 'OAuth scope that requests this configuration (authorization code flow)' },
    vct: { type: 'string', description: 'dc+sd-jwt type; default: {credentialIssuer}/types/{configId}, where Type Metadata is served' },
    doctype: { type: 'string', description: 'mso_mdoc document type, e.g. org.iso.18013.5.1.mDL (required for mso_mdoc)' },
    credential_definition: {
      type: 'object',
      required: ['type'],
      properties: { type: strings('W3C credential types (required for jwt_vc_json)'), '@context': { type: 'array' } },
    },
    cryptographic_binding_methods_supported: {
      type: 'array',
      minItems: 1,
      items: { enum: ['jwk', 'cose_key', 'did:jwk', 'did:key', 'did:web', 'did'] },
      description: 'How the credential is bound to the wallet key; needs proof_types_supported too',
    },
    credential_signing_alg_values_supported: {
      type: 'array',
      minItems: 1,
      items: { type: ['string', 'integer'] },
      description: 'JOSE names; numeric COSE identifiers (e.g. -7) only for mso_mdoc',
    },
    proof_types_supported: {
      type: 'object',
      properties: { jwt: proofType, attestation: proofType },
      additionalProperties: false,
      description: 'Proofs of possession accepted (present exactly when binding methods are)',
    },
    credential_metadata: {
      type: 'object',
      properties: {
        display: { type: 'array', items: display, description: 'Wallet card per locale' },
        claims: {
          type: 'array',
          description: 'Claims with their labels; paths are unique (mso_mdoc: [namespace, element])',
          items: {
            type: 'object',
            required: ['path'],
            properties: {
              path: { type: 'array', minItems: 1, items: { type: ['string', 'integer', 'null'] } },
              mandatory: { type: 'boolean' },
              display: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, locale: { type: 'string' } } } },
            },
          },
        },
      },
    },
  },
};

/** The API's own IssuerConfig schema with credential configurations described (see above); undefined if unavailable. */
export async function issuerConfigSchema(method: 'post' | 'put'): Promise<Json | null> {
  const path = method === 'post' ? '/api/v1/issuers' : '/api/v1/issuers/{issuerId}';
  const schema = await requestSchema(method, path);
  if (!schema) return null;
  const properties = { ...(schema.properties as Json | undefined) };
  const configurations = properties.credentialConfigurations as Json | undefined;
  if (configurations) properties.credentialConfigurations = { ...configurations, additionalProperties: CREDENTIAL_CONFIGURATION_SCHEMA };
  return { ...schema, properties };
}

/** The schema for the editor; without it (no OpenAPI document) the editor still checks JSON syntax. */
export function useIssuerConfigSchema(method: 'post' | 'put') {
  return useQuery({
    queryKey: ['openapi-schema', 'issuer-config', method],
    queryFn: () => issuerConfigSchema(method).catch(() => null),
    staleTime: Infinity,
  });
}
