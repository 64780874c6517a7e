import { isPlainObject } from '@issuer/oauth2';

/** The JOSE `typ` of a signed request object (RFC 9101 §10.8; OpenID4VP 1.0 §5). */
export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
/** The `aud` of a request object for a wallet with static metadata (SIOPv2 §9.2, OpenID4VP 1.0 §5.8). */
export const SELF_ISSUED_V2_AUDIENCE = 'https://self-issued.me/v2';
/** Default lifetime of a request object, in seconds. */
export const DEFAULT_REQUEST_OBJECT_TTL = 300;

/** JWS algorithms this verifier checks, announced to wallets in `client_metadata`. */
const JOSE_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256', 'PS256'];

interface RequestObjectCommon {
  /** The issuer's `client_id` (API.md §11: the `credential_issuer` URL). Also `iss` unless given. */
  clientId: string;
  iss?: string;
  /** Where the wallet posts its response (`response_mode=direct_post`), e.g. `{credential_issuer}/direct_post`. */
  responseUri: string;
  /** Fresh, unguessable, single-use: binds the response to this request (OpenID4VP 1.0 §14.1). */
  nonce: string;
  /** Identifies the login at the response endpoint; unguessable. */
  state: string;
  issuedAt: Date;
  expiresInSeconds?: number;
  /** Extra `client_metadata` members (`client_name`, `logo_uri`, ...), merged over the generated ones. */
  clientMetadata?: Record<string, unknown>;
  /** Algorithms announced in `client_metadata`; default those this library verifies. */
  algValues?: readonly string[];
}

export interface IdTokenRequestInput extends RequestObjectCommon {
  responseType: 'id_token';
}

export interface VpTokenRequestInput extends RequestObjectCommon {
  responseType: 'vp_token';
  /** The profile's DCQL query (validated with `validateDcqlQuery` at profile creation). */
  dcqlQuery: Record<string, unknown>;
}

export type RequestObjectInput = IdTokenRequestInput | VpTokenRequestInput;

/** `vp_formats_supported` for the formats the query uses (OpenID4VP 1.0 §11.1, Appendix B.1.3.1.1, B.2.2, B.3.4). */
function vpFormatsSupported(dcqlQuery: Record<string, unknown>, algs: readonly string[]): Record<string, unknown> {
  const formats = new Set(
    (Array.isArray(dcqlQuery['credentials']) ? dcqlQuery['credentials'] : []).map((c) => (isPlainObject(c) ? c['format'] : undefined)),
  );
  const out: Record<string, unknown> = {};
  for (const format of formats) {
    if (format === 'dc+sd-jwt' || format === 'vc+sd-jwt') out[format] = { 'sd-jwt_alg_values': [...algs], 'kb-jwt_alg_values': [...algs] };
    else if (format === 'jwt_vc_json') out[format] = { alg_values: [...algs] };
    // The mdoc verifier decides its COSE algorithms; an empty object announces the format without restricting them.
    else if (format === 'mso_mdoc') out[format] = {};
  }
  return out;
}

/**
 * The payload of the issuer's signed request object for an `ID_TOKEN` or `VP_TOKEN` login (API.md §11), served at
 * `request_uri` and signed by the caller with `typ: oauth-authz-req+jwt` (`REQUEST_OBJECT_TYP`):
 * - SIOPv2 (draft 13 §9): `response_type=id_token`, `scope=openid`, `client_metadata` with
 *   `subject_syntax_types_supported` (JWK thumbprint, did:jwk, did:key) and `id_token_signing_alg_values_supported`;
 * - OpenID4VP 1.0 (§5.1, §6): `response_type=vp_token`, `dcql_query`, `client_metadata.vp_formats_supported` for the
 *   formats the query uses (no `scope`: the query alone says what is requested);
 * - both: `response_mode=direct_post`, `response_uri`, `client_id`, `nonce`, `state`, `aud=https://self-issued.me/v2`,
 *   `iss`, `iat`, `exp`.
 */
export function buildRequestObjectPayload(input: RequestObjectInput): Record<string, unknown> {
  const iat = Math.floor(input.issuedAt.getTime() / 1000);
  const algs = input.algValues ?? JOSE_ALGS;
  const common = {
    iss: input.iss ?? input.clientId,
    aud: SELF_ISSUED_V2_AUDIENCE,
    iat,
    exp: iat + (input.expiresInSeconds ?? DEFAULT_REQUEST_OBJECT_TTL),
    client_id: input.clientId,
    response_mode: 'direct_post',
    response_uri: input.responseUri,
    nonce: input.nonce,
    state: input.state,
  };
  if (input.responseType === 'id_token') {
    return {
      ...common,
      response_type: 'id_token',
      scope: 'openid',
      client_metadata: {
        subject_syntax_types_supported: ['urn:ietf:params:oauth:jwk-thumbprint', 'did:jwk', 'did:key'],
        id_token_signing_alg_values_supported: [...algs],
        ...input.clientMetadata,
      },
    };
  }
  return {
    ...common,
    response_type: 'vp_token',
    dcql_query: input.dcqlQuery,
    client_metadata: { vp_formats_supported: vpFormatsSupported(input.dcqlQuery, algs), ...input.clientMetadata },
  };
}

/** The protected header of a request object: `alg`, `typ: oauth-authz-req+jwt`, and `kid` / `x5c` of the signing key. */
export function buildRequestObjectHeader(key: { alg: string; kid?: string; x5c?: readonly string[] }): Record<string, unknown> {
  return {
    alg: key.alg,
    typ: REQUEST_OBJECT_TYP,
    ...(key.kid !== undefined ? { kid: key.kid } : {}),
    ...(key.x5c !== undefined ? { x5c: [...key.x5c] } : {}),
  };
}
