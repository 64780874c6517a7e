import type { OperationDoc, OperationDocs } from './operation-doc';

const wallet = (summary: string, protocolBody?: OperationDoc['protocolBody']): OperationDoc => ({
  tag: 'Wallet',
  summary,
  ...(protocolBody ? { protocolBody } : {}),
});
const login = (summary: string, protocolBody?: OperationDoc['protocolBody']): OperationDoc => ({
  ...wallet(summary, protocolBody),
  tag: 'Authorization',
});
const FORM = 'application/x-www-form-urlencoded';
const JSON_BODY = 'application/json';

/**
 * The public endpoints (API.md §3, §7, §8, §11): listed so that the document names everything served, but their
 * messages are defined by OpenID4VCI 1.0, RFC 6749/9126/9449 and OpenID4VP 1.0, not by schemas here.
 */
export const PUBLIC_OPERATIONS: OperationDocs = {
  'GET /.well-known/openid-credential-issuer/issuers/:issuerId': wallet('Credential issuer metadata'),
  'GET /issuers/:issuerId/.well-known/openid-credential-issuer': wallet('Credential issuer metadata (path-appended form)'),
  'GET /.well-known/oauth-authorization-server/issuers/:issuerId': wallet('Authorization server metadata (RFC 8414)'),
  'GET /issuers/:issuerId/.well-known/oauth-authorization-server': wallet('Authorization server metadata (path-appended form)'),
  'GET /.well-known/jwt-vc-issuer/issuers/:issuerId': wallet('JWT VC issuer metadata'),
  'GET /issuers/:issuerId/.well-known/jwt-vc-issuer': wallet('JWT VC issuer metadata (path-appended form)'),
  'GET /issuers/:issuerId/jwks': wallet('Issuer public keys'),
  'GET /issuers/:issuerId/types/:configId': wallet('SD-JWT VC type metadata'),
  'GET /issuers/:issuerId/offers/:offerId': wallet('Credential offer (the credential_offer_uri target)'),
  'POST /issuers/:issuerId/token': wallet('Token endpoint (pre-authorized code, authorization code, refresh token)', FORM),
  'POST /issuers/:issuerId/nonce': wallet('Nonce endpoint (an optional Bearer/DPoP access token puts its event on that session)'),
  'POST /issuers/:issuerId/credential': wallet('Credential endpoint (Bearer or DPoP access token)', JSON_BODY),
  'POST /issuers/:issuerId/deferred_credential': wallet('Deferred credential endpoint (poll with transaction_id)', JSON_BODY),
  'POST /issuers/:issuerId/notification': wallet('Notification endpoint (credential_accepted, _failure, _deleted)', JSON_BODY),

  'POST /issuers/:issuerId/par': login('Pushed authorization request (RFC 9126)', FORM),
  'GET /issuers/:issuerId/authorize': login('Authorization endpoint (PKCE S256, issuer_state, authorization_details or scope)'),
  'GET /issuers/:issuerId/idp-callback': login('Redirect URI registered at external identity providers'),
  'GET /issuers/:issuerId/login/:loginId': login('Login form of the PASSWORD login method (HTML)'),
  'POST /issuers/:issuerId/login/:loginId': login('Submit the login form (HTML)', FORM),
  'GET /issuers/:issuerId/request/:requestId': login('Signed request object of an ID token or VP token login'),
  'POST /issuers/:issuerId/direct_post': login("The wallet's id_token / vp_token response (response_mode direct_post)", FORM),

  'GET /status-lists/:listId': { tag: 'Status lists', summary: 'Signed status list (statuslist+jwt or +cwt, vc+jwt, or jwt)' },
  'GET /.well-known/did.json': { tag: 'DIDs', summary: 'Hosted did:web document of the host' },
  'GET /dids/:path/did.json': { tag: 'DIDs', summary: 'Hosted did:web document at a path' },
  'GET /console': { tag: 'Console', summary: 'The admin console (redirects to /console/)' },
  'GET /console/config.json': {
    tag: 'Console',
    summary: "What the console needs before sign-in: PUBLIC_URL, the SSO provider and the console's public client",
  },
  'GET /console/assets/:name': { tag: 'Console', summary: 'A file of the console build (content-hashed, immutable)' },
  'GET /console/*': { tag: 'Console', summary: 'The console page (every route of the single-page app)' },
};
