import { z } from 'zod';
import {
  certificateCreateRequestSchema,
  certificateImportRequestSchema,
  didCreateRequestSchema,
  keyCreateRequestSchema,
  keyImportRequestSchema,
  retentionConfigSchema,
  retentionRunRequestSchema,
} from '@issuer/contracts';
import { issuerConfigSchema } from '../issuers/issuer-config.schema';
import { batchOfferRequestSchema, offerRequestSchema } from '../offers/offer-request.schema';
import { profileSchema } from '../profiles/profile.schema';
import { credentialDataDecisionSchema } from '../deferred/credential-data.schema';
import { statusBodySchema } from '../status-lists/credential-status.rules';
import { userCreateSchema, userUpdateSchema } from '../users/user.schema';

interface Route {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  tag: string;
  summary: string;
  admin?: boolean;
  body?: z.ZodType;
  form?: boolean;
}

const ROUTES: Route[] = [
  { method: 'post', path: '/api/v1/keys', tag: 'Keys', summary: 'Create a key in kms', admin: true, body: keyCreateRequestSchema },
  { method: 'post', path: '/api/v1/keys/import', tag: 'Keys', summary: 'Import a private JWK', admin: true, body: keyImportRequestSchema },
  { method: 'get', path: '/api/v1/keys', tag: 'Keys', summary: 'List keys', admin: true },
  { method: 'get', path: '/api/v1/keys/{keyId}', tag: 'Keys', summary: 'Get a key (public part)', admin: true },
  {
    method: 'post',
    path: '/api/v1/keys/{keyId}/disable',
    tag: 'Keys',
    summary: 'Disable a key: it refuses to sign (409 while in use, unless ?force=true)',
    admin: true,
  },
  { method: 'post', path: '/api/v1/keys/{keyId}/enable', tag: 'Keys', summary: 'Enable a disabled key', admin: true },
  { method: 'delete', path: '/api/v1/keys/{keyId}', tag: 'Keys', summary: 'Delete a key (409 while in use)', admin: true },
  {
    method: 'post',
    path: '/api/v1/certificates',
    tag: 'Certificates',
    summary: 'Create an X.509 certificate (iaca, document-signer or self-signed), signed in kms',
    admin: true,
    body: certificateCreateRequestSchema,
  },
  {
    method: 'post',
    path: '/api/v1/certificates/import',
    tag: 'Certificates',
    summary: 'Import a PEM certificate (optionally bound to a kms key)',
    admin: true,
    body: certificateImportRequestSchema,
  },
  { method: 'get', path: '/api/v1/certificates/{certificateId}', tag: 'Certificates', summary: 'Get a certificate', admin: true },
  {
    method: 'post',
    path: '/api/v1/dids',
    tag: 'DIDs',
    summary: 'Create a did:key, did:jwk or did:web',
    admin: true,
    body: didCreateRequestSchema,
  },
  { method: 'get', path: '/api/v1/dids', tag: 'DIDs', summary: 'List DIDs', admin: true },
  {
    method: 'get',
    path: '/api/v1/dids/resolve',
    tag: 'DIDs',
    summary: 'Resolve a DID (?did=); 200 with didResolutionMetadata.error when it cannot be resolved',
    admin: true,
  },
  { method: 'delete', path: '/api/v1/dids/{did}', tag: 'DIDs', summary: 'Delete a DID (percent-encoded)', admin: true },
  { method: 'post', path: '/api/v1/issuers', tag: 'Issuers', summary: 'Create an issuer', admin: true, body: issuerConfigSchema },
  { method: 'get', path: '/api/v1/issuers', tag: 'Issuers', summary: 'List issuers', admin: true },
  { method: 'get', path: '/api/v1/issuers/{issuerId}', tag: 'Issuers', summary: 'Get an issuer', admin: true },
  {
    method: 'put',
    path: '/api/v1/issuers/{issuerId}',
    tag: 'Issuers',
    summary: 'Replace an issuer configuration',
    admin: true,
    body: issuerConfigSchema,
  },
  { method: 'delete', path: '/api/v1/issuers/{issuerId}', tag: 'Issuers', summary: 'Delete an issuer', admin: true },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/profiles',
    tag: 'Profiles',
    summary: 'Create a credential profile',
    admin: true,
    body: profileSchema,
  },
  { method: 'get', path: '/api/v1/issuers/{issuerId}/profiles', tag: 'Profiles', summary: 'List profiles', admin: true },
  {
    method: 'get',
    path: '/api/v1/issuers/{issuerId}/profiles/{profileId}',
    tag: 'Profiles',
    summary: 'Get the current version',
    admin: true,
  },
  {
    method: 'put',
    path: '/api/v1/issuers/{issuerId}/profiles/{profileId}',
    tag: 'Profiles',
    summary: 'Store a new version',
    admin: true,
    body: profileSchema,
  },
  {
    method: 'delete',
    path: '/api/v1/issuers/{issuerId}/profiles/{profileId}',
    tag: 'Profiles',
    summary: 'Deactivate (soft delete)',
    admin: true,
  },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/users',
    tag: 'Users',
    summary: 'Create a user of the PASSWORD login (password hashed with Argon2id, never returned)',
    admin: true,
    body: userCreateSchema,
  },
  { method: 'get', path: '/api/v1/issuers/{issuerId}/users', tag: 'Users', summary: 'List users', admin: true },
  { method: 'get', path: '/api/v1/issuers/{issuerId}/users/{username}', tag: 'Users', summary: 'Get a user', admin: true },
  {
    method: 'put',
    path: '/api/v1/issuers/{issuerId}/users/{username}',
    tag: 'Users',
    summary: 'Change the password and/or the claims (a new password lifts a lockout)',
    admin: true,
    body: userUpdateSchema,
  },
  { method: 'delete', path: '/api/v1/issuers/{issuerId}/users/{username}', tag: 'Users', summary: 'Delete a user', admin: true },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/profiles/{profileId}/offers',
    tag: 'Offers',
    summary: 'Create a credential offer',
    admin: true,
    body: offerRequestSchema,
  },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/profiles/{profileId}/offers/batch',
    tag: 'Offers',
    summary: 'Create up to 1000 offers (all or none)',
    admin: true,
    body: batchOfferRequestSchema,
  },
  {
    method: 'get',
    path: '/api/v1/issuers/{issuerId}/sessions',
    tag: 'Sessions',
    summary: 'List sessions (status, profileId, limit, cursor)',
    admin: true,
  },
  { method: 'get', path: '/api/v1/issuers/{issuerId}/sessions/{sessionId}', tag: 'Sessions', summary: 'Get a session', admin: true },
  {
    method: 'delete',
    path: '/api/v1/issuers/{issuerId}/sessions/{sessionId}',
    tag: 'Sessions',
    summary: "Purge a session's data",
    admin: true,
  },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/sessions/{sessionId}/credential-data',
    tag: 'Sessions',
    summary: 'Supply the data of pending deferred credential requests and approve them, or refuse them (409 when none is pending)',
    admin: true,
    body: credentialDataDecisionSchema,
  },
  {
    method: 'put',
    path: '/api/v1/issuers/{issuerId}/sessions/{sessionId}/status',
    tag: 'Sessions',
    summary: 'Set the status of every credential of a session (REVOKED is final: 409)',
    admin: true,
    body: statusBodySchema,
  },
  {
    method: 'put',
    path: '/api/v1/issuers/{issuerId}/credentials/{credentialId}/status',
    tag: 'Sessions',
    summary: 'Set the status of one credential (REVOKED is final: 409)',
    admin: true,
    body: statusBodySchema,
  },
  {
    method: 'get',
    path: '/api/v1/issuers/{issuerId}/sessions/{sessionId}/events',
    tag: 'Events',
    summary: 'SSE stream of one session (replay, then live)',
    admin: true,
  },
  {
    method: 'get',
    path: '/api/v1/issuers/{issuerId}/events',
    tag: 'Events',
    summary: 'SSE stream of the issuer (Last-Event-ID resumes)',
    admin: true,
  },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/sessions/{sessionId}/events/token',
    tag: 'Events',
    summary: 'Short-lived ?token= for one session stream (browsers)',
    admin: true,
  },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/events/token',
    tag: 'Events',
    summary: 'Short-lived ?token= for the issuer stream',
    admin: true,
  },
  {
    method: 'get',
    path: '/api/v1/issuers/{issuerId}/sessions/{sessionId}/deliveries',
    tag: 'Webhooks',
    summary: 'Webhook delivery log of a session',
    admin: true,
  },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/sessions/{sessionId}/deliveries/{eventId}/redeliver',
    tag: 'Webhooks',
    summary: 'Send one event to its webhook again (202)',
    admin: true,
  },
  {
    method: 'get',
    path: '/api/v1/issuers/{issuerId}/webhook-secret',
    tag: 'Webhooks',
    summary: 'Webhook signing secret status',
    admin: true,
  },
  {
    method: 'post',
    path: '/api/v1/issuers/{issuerId}/webhook-secret',
    tag: 'Webhooks',
    summary: 'Create or rotate the webhook signing secret (shown once)',
    admin: true,
  },
  { method: 'get', path: '/api/v1/retention', tag: 'Retention', summary: 'Data retention configuration', admin: true },
  {
    method: 'put',
    path: '/api/v1/retention',
    tag: 'Retention',
    summary: 'Replace the data retention configuration',
    admin: true,
    body: retentionConfigSchema,
  },
  { method: 'get', path: '/api/v1/retention/runs', tag: 'Retention', summary: 'Retention runs, newest first', admin: true },
  {
    method: 'post',
    path: '/api/v1/retention/runs',
    tag: 'Retention',
    summary: 'Run retention now (dryRun defaults to the configuration)',
    admin: true,
    body: retentionRunRequestSchema,
  },
  { method: 'get', path: '/.well-known/openid-credential-issuer/issuers/{issuerId}', tag: 'Wallet', summary: 'Credential issuer metadata' },
  {
    method: 'get',
    path: '/.well-known/oauth-authorization-server/issuers/{issuerId}',
    tag: 'Wallet',
    summary: 'Authorization server metadata',
  },
  { method: 'get', path: '/.well-known/jwt-vc-issuer/issuers/{issuerId}', tag: 'Wallet', summary: 'JWT VC issuer metadata' },
  { method: 'get', path: '/issuers/{issuerId}/jwks', tag: 'Wallet', summary: 'Issuer public keys' },
  { method: 'get', path: '/status-lists/{listId}', tag: 'Wallet', summary: 'Signed status list (statuslist+jwt, vc+jwt or jwt)' },
  { method: 'get', path: '/.well-known/did.json', tag: 'DIDs', summary: 'Hosted did:web document of the host' },
  { method: 'get', path: '/dids/{path}/did.json', tag: 'DIDs', summary: 'Hosted did:web document at a path' },
  { method: 'get', path: '/issuers/{issuerId}/types/{configId}', tag: 'Wallet', summary: 'SD-JWT VC type metadata' },
  { method: 'get', path: '/issuers/{issuerId}/offers/{offerId}', tag: 'Wallet', summary: 'Credential offer (credential_offer_uri)' },
  { method: 'post', path: '/issuers/{issuerId}/token', tag: 'Wallet', summary: 'Token endpoint (pre-authorized code)', form: true },
  { method: 'post', path: '/issuers/{issuerId}/nonce', tag: 'Wallet', summary: 'Nonce endpoint' },
  { method: 'post', path: '/issuers/{issuerId}/credential', tag: 'Wallet', summary: 'Credential endpoint (Bearer or DPoP access token)' },
  {
    method: 'post',
    path: '/issuers/{issuerId}/deferred_credential',
    tag: 'Wallet',
    summary: 'Deferred credential endpoint (poll with transaction_id)',
  },
  {
    method: 'post',
    path: '/issuers/{issuerId}/notification',
    tag: 'Wallet',
    summary: 'Notification endpoint (credential_accepted, _failure, _deleted)',
  },
];

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/** The OpenAPI 3.1 document of the public edge, generated from the same zod schemas the handlers use. */
export function buildOpenApiDocument(publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    paths[route.path] ??= {};
    paths[route.path][route.method] = {
      tags: [route.tag],
      summary: route.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(route.admin ? { security: [{ adminKey: [] }] } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      ...(route.form
        ? { requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } } }
        : {}),
      responses: {
        default: route.admin
          ? { description: 'Success, or an RFC 9457 problem', content: { 'application/problem+json': {} } }
          : { description: 'Success, or an OAuth error {error, error_description}' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Issuer platform',
      version: '1',
      description: 'Admin API (/api/v1, Bearer admin key) and OID4VCI 1.0 wallet endpoints.',
    },
    servers: [{ url: publicUrl }],
    components: { securitySchemes: { adminKey: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
