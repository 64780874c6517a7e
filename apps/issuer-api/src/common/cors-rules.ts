import type { CorsRule, CorsRules } from '@issuer/platform';
import { loadCorsConfig, type CorsConfig } from '../issuer-api.config';

/**
 * Request headers a browser wallet sends: the access token, its DPoP proof, client attestation
 * (draft-ietf-oauth-attestation-based-client-auth), a JSON or form body, a revalidation of a cached document.
 */
const WALLET_REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  'DPoP',
  'If-None-Match',
  'OAuth-Client-Attestation',
  'OAuth-Client-Attestation-PoP',
];
/** Response headers a wallet must read beyond the safelisted ones: error challenges, DPoP nonces, back-off, clock. */
const WALLET_EXPOSED_HEADERS = ['WWW-Authenticate', 'DPoP-Nonce', 'Retry-After', 'Date', 'ETag', 'X-Request-Id'];
const MAX_AGE_SECONDS = 600;

/**
 * Unauthenticated documents for any wallet or verifier: the three metadata documents at the inserted and the
 * appended paths, JWKS, SD-JWT VC Type Metadata, offers by reference, status lists, did:web documents.
 */
const PUBLIC_DOCUMENTS = [
  /^\/\.well-known\/(?:openid-credential-issuer|oauth-authorization-server|jwt-vc-issuer)(?:\/.*)?$/,
  /^\/issuers\/[^/]+\/\.well-known\/(?:openid-credential-issuer|oauth-authorization-server|jwt-vc-issuer)$/,
  /^\/issuers\/[^/]+\/(?:jwks|types\/[^/]+|offers\/[^/]+)$/,
  /^\/status-lists\/[^/]+$/,
  /^\/(?:\.well-known|dids\/[^/]+)\/did\.json$/,
];
/** The wallet's POST endpoints. `/authorize` and `/idp-callback` are navigations, not fetches: no CORS. */
const WALLET_ENDPOINTS = /^\/issuers\/[^/]+\/(?:token|nonce|credential|deferred_credential|notification|par)$/;
const ADMIN_API = /^\/api(?:\/|$)/;

/**
 * The CORS rules of the edge. Public documents are readable from every origin (`*`): anyone can fetch them
 * without a browser, and browser verifiers of any origin need status lists and keys. The wallet endpoints take
 * bearer tokens, DPoP proofs and attestations, so which pages may call them is the operator's decision
 * (`CORS_ALLOWED_ORIGINS`, none by default); the admin API only for `CORS_ADMIN_ALLOWED_ORIGINS`. Credentials
 * (cookies) are never allowed: none of these endpoints reads a cookie.
 */
export function issuerApiCorsRules(config: CorsConfig): CorsRules {
  const publicRule: CorsRule = {
    origins: '*',
    methods: ['GET', 'HEAD'],
    allowHeaders: WALLET_REQUEST_HEADERS,
    exposeHeaders: WALLET_EXPOSED_HEADERS,
    maxAgeSeconds: MAX_AGE_SECONDS,
  };
  const walletRule: CorsRule | undefined = config.walletOrigins && {
    origins: config.walletOrigins,
    methods: ['POST'],
    allowHeaders: WALLET_REQUEST_HEADERS,
    exposeHeaders: WALLET_EXPOSED_HEADERS,
    maxAgeSeconds: MAX_AGE_SECONDS,
  };
  const adminRule: CorsRule | undefined = config.adminOrigins && {
    origins: config.adminOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'Last-Event-ID'],
    exposeHeaders: ['WWW-Authenticate', 'Retry-After', 'Location', 'ETag', 'X-Request-Id'],
    maxAgeSeconds: MAX_AGE_SECONDS,
  };
  return (path) => {
    if (ADMIN_API.test(path)) return adminRule;
    if (WALLET_ENDPOINTS.test(path)) return walletRule;
    if (PUBLIC_DOCUMENTS.some((pattern) => pattern.test(path))) return publicRule;
    return undefined;
  };
}

/** The edge's CORS rules from the environment; throws ConfigError naming the variable when a value is invalid. */
export function loadIssuerApiCorsRules(env: NodeJS.ProcessEnv = process.env): CorsRules {
  return issuerApiCorsRules(loadCorsConfig(env));
}
