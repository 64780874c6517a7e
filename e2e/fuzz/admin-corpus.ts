import fc from 'fast-check';
import { exportJWK, generateKeyPair } from 'jose';
import { percentEncode, type Draft } from './draft';
import { minimalInstance, overlay, type JsonSchema } from './json-schema';
import type { LiveResources } from './live-resources';
import { chance, int, pick, Stage, type Gen } from './mutator';
import { draftOf, type Template } from './template';

/**
 * Valid admin requests for every operation of the OpenAPI document served at /api/openapi.json (generated from the
 * routes served, so it lists every admin route). Path parameters are real resources; bodies are the schema's minimal
 * instance overlaid with meaningful values and real ids.
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

const DESTRUCTIVE_ISSUER = /^(PUT|DELETE) \/api\/v1\/issuers\/\{issuerId\}$/;
const DESTRUCTIVE_PROFILE = /^(PUT|DELETE) \/api\/v1\/issuers\/\{issuerId\}\/profiles\/\{profileId\}$/;
const DESTRUCTIVE_KEY = /^(DELETE \/api\/v1\/keys\/\{keyId\}|POST \/api\/v1\/keys\/\{keyId\}\/(disable|enable))$/;
const SAFE_RETENTION = { enabled: false, maxIssuerSessionAge: '30d', schedule: '0 3 * * *', dryRun: true, maxDeletePerRun: 500 };

async function param(live: LiveResources, route: string, name: string, g: Gen): Promise<string> {
  switch (name) {
    case 'issuerId':
      if (DESTRUCTIVE_ISSUER.test(route)) {
        if (route.startsWith('DELETE')) return live.scratchIssuers.shift() ?? (await live.newScratchIssuer());
        return live.scratchIssuers[0] ?? (await live.newScratchIssuer());
      }
      return live.mainIssuer;
    case 'profileId':
      if (DESTRUCTIVE_PROFILE.test(route)) {
        if (route.startsWith('DELETE')) return live.scratchProfiles.shift() ?? (await live.newScratchProfile());
        return live.scratchProfiles[0] ?? (await live.newScratchProfile());
      }
      return live.mainProfile;
    case 'keyId':
      if (DESTRUCTIVE_KEY.test(route)) {
        if (route.startsWith('DELETE')) return live.scratchKeys.shift() ?? (await live.newScratchKey());
        return live.scratchKeys[0] ?? (await live.newScratchKey());
      }
      return pick(g, [live.mainKey, ...live.scratchKeys]);
    case 'certificateId':
      return pick(g, [live.certificateId, live.iacaCertificateId]);
    case 'did':
      return percentEncode(live.scratchDids.shift() ?? (await live.newScratchDid()));
    case 'sessionId':
      // A purge gets a session of its own: the others stay targets of the routes that read them.
      if (route === 'DELETE /api/v1/issuers/{issuerId}/sessions/{sessionId}')
        return (await live.freshOffer(undefined, undefined, false)).sessionId;
      // A redelivery names an event of the session whose deliveries eventIds() lists.
      if (route.includes('{eventId}')) return live.sessions[0].sessionId;
      // Deferred data is supplied to a session with a pending transaction.
      if (route.endsWith('/credential-data')) return live.deferredSession();
      // Status changes need a session with issued credentials.
      if (route.endsWith('/status')) return pick(g, live.sessions).sessionId;
      return pick(g, [...live.sessions.map((s) => s.sessionId), ...live.pendingOffers.map((o) => o.sessionId)]);
    case 'credentialId':
      return pick(
        g,
        live.sessions.flatMap((s) => s.credentialIds),
      );
    case 'eventId':
      return pick(g, await eventIds(live));
    case 'version':
      // Every profile has its version 1 (PUTs of the run may have added more).
      return '1';
    default:
      throw new Error(`no live value for path parameter {${name}} of ${route}: teach admin-corpus.ts about it`);
  }
}

/**
 * Whether the value param() gives path parameter `name` of `route` is the request's own (a scratch issuer, profile,
 * key or DID, a fresh session to purge), as opposed to a resource other requests of the run rely on.
 */
function disposable(route: string, name: string): boolean {
  if (name === 'issuerId') return DESTRUCTIVE_ISSUER.test(route);
  if (name === 'profileId') return DESTRUCTIVE_PROFILE.test(route);
  if (name === 'keyId') return DESTRUCTIVE_KEY.test(route);
  if (name === 'sessionId') return route === 'DELETE /api/v1/issuers/{issuerId}/sessions/{sessionId}';
  return name === 'did';
}

async function eventIds(live: LiveResources): Promise<string[]> {
  const session = live.sessions[0].sessionId;
  const deliveries = await live.call('GET', `/api/v1/issuers/${live.mainIssuer}/sessions/${session}/deliveries`);
  const ids = (deliveries.json.items as { eventId: string }[]).map((d) => d.eventId);
  return ids.length ? ids : ['00000000-0000-4000-8000-000000000000'];
}

async function privateJwk(): Promise<Record<string, unknown>> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)) };
}

/** Meaningful values for each body, over the schema's minimal instance. */
async function body(live: LiveResources, route: string, path: string, g: Gen): Promise<unknown> {
  const scratchKey = live.scratchKeys[live.scratchKeys.length - 1] ?? live.mainKey;
  switch (route) {
    case 'POST /api/v1/keys':
      return { type: pick(g, ['secp256r1', 'secp256r1', 'ed25519', 'secp256k1', 'secp384r1', 'rsa']), name: 'fuzz key' };
    case 'POST /api/v1/keys/import':
      return { jwk: await privateJwk(), name: 'fuzz import' };
    case 'POST /api/v1/certificates':
      return chance(g, 0.5)
        ? {
            profile: 'self-signed',
            keyId: live.mainKey,
            subject: { commonName: 'fuzz', country: 'DE', organization: 'Fuzz' },
            validityDays: 30,
          }
        : {
            profile: 'document-signer',
            keyId: live.mainKey,
            issuerCertificateId: live.iacaCertificateId,
            subject: { commonName: 'fuzz ds', country: 'DE' },
            validityDays: 30,
          };
    case 'POST /api/v1/certificates/import':
      return { pem: (await live.call('GET', `/api/v1/certificates/${live.certificateId}`)).json.pem };
    case 'POST /api/v1/dids': {
      const method = pick(g, ['key', 'jwk', 'web']);
      return method === 'web' ? { method, keyId: scratchKey, path: live.unique('d') } : { method, keyId: scratchKey };
    }
    case 'POST /api/v1/issuers':
      return live.issuerBody(live.unique('fzn'), live.mainKey);
    case 'PUT /api/v1/issuers/{issuerId}':
      return live.issuerBody(decodeURIComponent(path.split('/')[4]), live.mainKey);
    case 'POST /api/v1/issuers/{issuerId}/profiles':
    case 'PUT /api/v1/issuers/{issuerId}/profiles/{profileId}':
      return live.profileBody(live.mainKey, chance(g, 0.3) ? { credentialData: { given_name: 'Änne', nested: { list: [1, 2] } } } : {});
    case 'POST /api/v1/issuers/{issuerId}/profiles/{profileId}/offers':
      return offerBody(live, g);
    case 'POST /api/v1/issuers/{issuerId}/profiles/{profileId}/preview':
      return chance(g, 0.5) ? { credentialData: { given_name: 'Preview', nested: { list: [3] } } } : {};
    case 'POST /api/v1/issuers/{issuerId}/profiles/{profileId}/offers/batch':
      return { offers: Array.from({ length: int(g, 1, 3) }, () => offerBody(live, g)) };
    case 'PUT /api/v1/issuers/{issuerId}/sessions/{sessionId}/status':
    case 'PUT /api/v1/issuers/{issuerId}/credentials/{credentialId}/status':
      return { status: pick(g, ['VALID', 'SUSPENDED', 'VALID', 'SUSPENDED', 'REVOKED']) };
    case 'POST /api/v1/issuers/{issuerId}/sessions/{sessionId}/credential-data':
      return chance(g, 0.7) ? { approve: true, credentialData: { given_name: 'Deferred', nested: { n: 1 } } } : { approve: false };
    case 'PUT /api/v1/retention':
      return { ...SAFE_RETENTION, maxIssuerSessionAge: pick(g, ['30d', '12h', '1w']), maxDeletePerRun: int(g, 1, 1000) };
    case 'POST /api/v1/retention/runs':
      return { dryRun: true };
    default:
      return undefined;
  }
}

function offerBody(live: LiveResources, g: Gen): Record<string, unknown> {
  const withTx = chance(g, 0.5);
  return {
    authMethod: 'PRE_AUTHORIZED',
    valueMode: pick(g, ['BY_REFERENCE', 'BY_VALUE']),
    expiresInSeconds: pick(g, [300, 3600, -1]),
    ...(withTx ? { txCode: { input_mode: pick(g, ['numeric', 'text']), length: int(g, 4, 8), description: 'code' } } : {}),
    ...(chance(g, 0.4)
      ? { runtimeOverrides: { credentialData: { given_name: g(fc.string, { maxLength: 12 }) || 'X', extra: { a: 1 } } } }
      : {}),
    ...(chance(g, 0.2) ? { sessionId: live.unique('sid') } : {}),
  };
}

/** Meaningful query strings (the document's query parameters say what is allowed, not which values exist). */
function query(live: LiveResources, route: string, g: Gen): string {
  switch (route) {
    case 'GET /api/v1/keys':
      return chance(g, 0.5) ? `?limit=${int(g, 1, 50)}` : '';
    case 'GET /api/v1/issuers/{issuerId}/sessions':
      return pick(g, ['', '?status=ACTIVE', `?profileId=${live.mainProfile}`, '?limit=5', '?status=SUCCESSFUL&limit=2']);
    case 'GET /api/v1/dids/resolve':
      return `?did=${percentEncode(pick(g, [`did:web:${new URL(live.baseUrl).host.replace(':', '%3A')}:dids:${live.didWebPath}`, ...live.scratchDids]))}`;
    default:
      return '';
  }
}

function templateFor(route: string, schema: JsonSchema | undefined): Template {
  const [method, pathTemplate] = route.split(' ');
  const isStream = /\/events$/.test(pathTemplate) && method === 'GET';
  const template: Template = {
    name: route,
    area: 'admin',
    weight: /offers|profiles|issuers\/\{issuerId\}$|\/issuers$|credential|status/.test(pathTemplate) ? 3 : 2,
    async build(live, g) {
      let path = pathTemplate;
      for (const [, name] of pathTemplate.matchAll(/\{(\w+)\}/g)) path = path.replace(`{${name}}`, await param(live, route, name, g));
      path += query(live, route, g);
      const meaningful = await body(live, route, path, g);
      const json = schema ? overlay(minimalInstance(schema), meaningful ?? {}) : meaningful;
      const draft = draftOf(live, template, method, path, { json, schema });
      draft.shared = [...pathTemplate.matchAll(/\{(\w+)\}/g)].some(([, name]) => !disposable(route, name));
      // Browsers authenticate to a stream with a short-lived token instead of the admin key.
      if (isStream && chance(g, 0.3)) {
        const tokenPath = pathTemplate.includes('{sessionId}')
          ? `${path.split('?')[0]}/token`
          : `/api/v1/issuers/${live.mainIssuer}/events/token`;
        const token = (await live.call('POST', tokenPath)).json.token as string;
        draft.headers = draft.headers.filter(([n]) => n !== 'Authorization');
        draft.query.push(['token', percentEncode(token)]);
      }
      return draft;
    },
  };
  if (route === 'PUT /api/v1/retention') {
    template.finalize = (d) => safeRetention(d, { enabled: false, dryRun: true });
    // Whatever the mutation did, the deployment-wide configuration goes back to a safe one (runs stay dry).
    template.after = async (live) => void (await live.call('PUT', '/api/v1/retention', SAFE_RETENTION));
    template.excludeStages = [Stage.Text, Stage.Bytes];
  }
  if (route === 'POST /api/v1/retention/runs') {
    template.finalize = (d) => safeRetention(d, { dryRun: true });
    template.excludeStages = [Stage.Text, Stage.Bytes];
  }
  return template;
}

/** One template per admin operation of the document. */
export function adminTemplates(document: OpenApiDocument): Template[] {
  const templates: Template[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const content = operation.requestBody?.content ?? {};
      const schema = content['application/json']?.schema;
      templates.push(templateFor(`${method.toUpperCase()} ${path}`, schema));
    }
  }
  return templates;
}

/**
 * Keeps retention harmless whatever the mutations did (runs stay dry, the schedule stays off). A mutation of one of
 * these members is undone here, so what it demanded (a refusal) no longer holds: the body's demand is dropped.
 */
function safeRetention(d: Draft, safe: Record<string, boolean>): void {
  if (!d.json || typeof d.json !== 'object' || Array.isArray(d.json)) return;
  const body = d.json as Record<string, unknown>;
  // Missing counts as changed: a dropped member is put back too.
  if (Object.entries(safe).some(([name, value]) => body[name] !== value)) d.expect = 'any';
  Object.assign(body, safe);
}
