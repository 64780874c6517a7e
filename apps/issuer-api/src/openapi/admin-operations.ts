import { retentionConfigSchema } from '@issuer/contracts';
import type { OperationDoc, OperationDocs, ParameterDoc } from './operation-doc';

const doc = (tag: string, summary: string, more: Partial<OperationDoc> = {}): OperationDoc => ({ tag, summary, ...more });

/** What an SSE stream reads besides the admin key: browsers cannot send headers with EventSource. */
const STREAM_PARAMETERS: ParameterDoc[] = [
  {
    name: 'token',
    in: 'query',
    description: 'Short-lived stream token from the matching POST .../events/token, instead of the Authorization header',
    schema: { type: 'string' },
  },
  {
    name: 'Last-Event-ID',
    in: 'header',
    description: 'Resume after this event id without loss (also accepted as ?lastEventId=)',
    schema: { type: 'string' },
  },
];

const stream = (summary: string): OperationDoc =>
  doc('Events', summary, {
    description: 'text/event-stream: frames `id: <event id>`, `event: <name>`, `data: <event envelope>` (API.md §7).',
    parameters: STREAM_PARAMETERS,
  });

/** The admin API (API.md §1–§9, §11–§13). */
export const ADMIN_OPERATIONS: OperationDocs = {
  'GET /api/v1/me': doc('Access', 'The caller: principal type and id, roles and issuer scope'),
  'GET /api/v1/permissions': doc('Access', 'The permission table: role and scope of every admin route, and served routes it lacks'),
  'POST /api/v1/api-keys': doc('Access', 'Create an API key with roles and issuer scope (the key is shown once, stored hashed)'),
  'GET /api/v1/api-keys': doc('Access', 'List API keys (never the keys)'),
  'DELETE /api/v1/api-keys/:apiKeyId': doc('Access', 'Revoke an API key (at once, on every replica)'),

  'POST /api/v1/keys': doc('Keys', 'Create a key in kms'),
  'POST /api/v1/keys/import': doc('Keys', 'Import a private JWK, or link a key of an external backend'),
  'GET /api/v1/keys': doc('Keys', 'List keys (cursor pagination)'),
  'GET /api/v1/keys/:keyId': doc('Keys', 'Get a key (public part only)'),
  'POST /api/v1/keys/:keyId/disable': doc('Keys', 'Disable a key: it refuses to sign', {
    description: 'Refused with 409 while an issuer, an active profile or a live status list uses the key, unless ?force=true.',
  }),
  'POST /api/v1/keys/:keyId/enable': doc('Keys', 'Enable a disabled key'),
  'DELETE /api/v1/keys/:keyId': doc('Keys', 'Delete a key (409 while an issuer, profile, status list or DID uses it)'),
  'GET /api/v1/keys/:keyId/usage': doc('Keys', 'Which issuers, profiles, DIDs and status lists use a key'),

  'POST /api/v1/certificates': doc('Certificates', 'Create an X.509 certificate (iaca, document-signer or self-signed), signed in kms'),
  'POST /api/v1/certificates/import': doc('Certificates', 'Import a PEM certificate (optionally bound to a kms key)'),
  'GET /api/v1/certificates': doc('Certificates', 'List certificates in scope (cursor pagination; without PEM and chain)'),
  'GET /api/v1/certificates/:certificateId': doc('Certificates', 'Get a certificate with its chain'),

  'POST /api/v1/dids': doc('DIDs', 'Create a did:key, did:jwk or did:web for a kms key'),
  'GET /api/v1/dids': doc('DIDs', 'List DIDs'),
  'GET /api/v1/dids/resolve': doc('DIDs', 'Resolve a DID', {
    description: 'Always 200 with a DID Resolution result; `didResolutionMetadata.error` says why a DID could not be resolved.',
  }),
  'DELETE /api/v1/dids/*': doc('DIDs', 'Delete a DID', {
    wildcard: 'did',
    description: 'The DID is the rest of the path, percent-encoded.',
  }),

  'POST /api/v1/issuers': doc('Issuers', 'Create an issuer'),
  'GET /api/v1/issuers': doc('Issuers', 'List issuers'),
  'GET /api/v1/issuers/:issuerId': doc('Issuers', 'Get an issuer (secrets masked)'),
  'PUT /api/v1/issuers/:issuerId': doc('Issuers', 'Replace an issuer configuration'),
  'DELETE /api/v1/issuers/:issuerId': doc('Issuers', 'Delete an issuer'),

  'POST /api/v1/issuers/:issuerId/profiles': doc('Profiles', 'Create a credential profile'),
  'GET /api/v1/issuers/:issuerId/profiles': doc('Profiles', 'List profiles'),
  'GET /api/v1/issuers/:issuerId/profiles/:profileId': doc('Profiles', 'Get the current version of a profile'),
  'PUT /api/v1/issuers/:issuerId/profiles/:profileId': doc(
    'Profiles',
    'Store a new version (offers keep the version they were created from)',
  ),
  'DELETE /api/v1/issuers/:issuerId/profiles/:profileId': doc('Profiles', 'Deactivate a profile (soft delete, no new offers)'),
  'GET /api/v1/issuers/:issuerId/profiles/:profileId/versions': doc('Profiles', 'List the stored versions of a profile, newest first'),
  'GET /api/v1/issuers/:issuerId/profiles/:profileId/versions/:version': doc('Profiles', 'Get one stored version of a profile'),
  'POST /api/v1/issuers/:issuerId/profiles/:profileId/preview': doc(
    'Profiles',
    'Preview the credential data of a profile (data functions evaluated, nothing issued or stored)',
    {
      description:
        "Optional `credentialData` is merged as an offer's runtimeOverrides.credentialData. Values only a real issuance has (holder DID, session id, UUIDs, signing time, <webhook…> results) are examples listed in `placeholders`; webhooks are not called.",
    },
  ),

  'POST /api/v1/issuers/:issuerId/users': doc(
    'Users',
    'Create a user of the PASSWORD login (password hashed with Argon2id, never returned)',
  ),
  'GET /api/v1/issuers/:issuerId/users': doc('Users', 'List users'),
  'GET /api/v1/issuers/:issuerId/users/:username': doc('Users', 'Get a user'),
  'PUT /api/v1/issuers/:issuerId/users/:username': doc('Users', 'Change the password and/or the claims (a new password lifts a lockout)'),
  'DELETE /api/v1/issuers/:issuerId/users/:username': doc('Users', 'Delete a user'),

  'POST /api/v1/issuers/:issuerId/profiles/:profileId/offers': doc('Offers', 'Create a credential offer and its session'),
  'POST /api/v1/issuers/:issuerId/profiles/:profileId/offers/batch': doc('Offers', 'Create up to 1000 offers (all or none)'),

  'GET /api/v1/issuers/:issuerId/sessions': doc('Sessions', 'List sessions, newest first (filters, cursor pagination)'),
  'GET /api/v1/issuers/:issuerId/sessions/:sessionId': doc('Sessions', 'Get a session with its credentials'),
  'DELETE /api/v1/issuers/:issuerId/sessions/:sessionId': doc('Sessions', "Purge a session's personal data (and its webhook deliveries)"),
  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/credential-data': doc(
    'Sessions',
    'Supply the data of pending deferred credential requests and approve them, or refuse them (409 when none is pending)',
  ),
  'PUT /api/v1/issuers/:issuerId/sessions/:sessionId/status': doc(
    'Status',
    'Set the status of every credential of a session (REVOKED is final: 409)',
  ),
  'PUT /api/v1/issuers/:issuerId/credentials/:credentialId/status': doc(
    'Status',
    'Set the status of one credential (REVOKED is final: 409)',
  ),

  'GET /api/v1/issuers/:issuerId/sessions/:sessionId/events': stream('SSE stream of one session: its past events, then live'),
  'GET /api/v1/issuers/:issuerId/events': stream("SSE stream of all of the issuer's events"),
  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/events/token': doc('Events', 'Short-lived ?token= for the stream of one session'),
  'POST /api/v1/issuers/:issuerId/events/token': doc('Events', 'Short-lived ?token= for the stream of the issuer'),

  'GET /api/v1/issuers/:issuerId/sessions/:sessionId/deliveries': doc('Webhooks', 'Webhook delivery log of a session'),
  'POST /api/v1/issuers/:issuerId/sessions/:sessionId/deliveries/:eventId/redeliver': doc(
    'Webhooks',
    'Send one event to its webhook again',
  ),
  'GET /api/v1/issuers/:issuerId/webhook-secret': doc('Webhooks', 'Status of the webhook signing secret (never the secret)'),
  'POST /api/v1/issuers/:issuerId/webhook-secret': doc('Webhooks', 'Create or rotate the webhook signing secret (shown once)', {
    description: 'The previous secret keeps signing (a second webhook-signature) for 24 h.',
  }),

  'GET /api/v1/retention': doc('Retention', 'The data retention configuration (deployment-wide)', { response: retentionConfigSchema }),
  'PUT /api/v1/retention': doc('Retention', 'Replace the data retention configuration', { response: retentionConfigSchema }),
  'GET /api/v1/retention/runs': doc('Retention', 'Retention runs, newest first'),
  'POST /api/v1/retention/runs': doc('Retention', 'Run retention now (dryRun defaults to the configuration)'),

  'GET /api/v1/stats': doc('Stats', 'Dashboard counts: credentials issued per day and format, sessions by status, webhook deliveries', {
    description:
      'Over the issuers in scope or ?issuerId= (out of scope: 404), for the last ?days= whole UTC days (1–366, default 30). `webhooks` is null when notifications did not answer.',
  }),

  'GET /api/v1/audit': doc('Audit', 'Audit records of admin changes and refusals, newest first (filters, cursor pagination)', {
    description:
      'platform-admin reads every record; issuer-admin only those of its issuers. Ids only, never a secret. The same records are published on the JetStream stream AUDIT_EVENTS (`audit.events.v1.<issuerId|platform>.<action>`).',
  }),
};
