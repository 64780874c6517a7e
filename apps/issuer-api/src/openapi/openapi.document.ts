import { z } from 'zod';
import { ADMIN_OPERATIONS } from './admin-operations';
import type { OperationDoc } from './operation-doc';
import { PUBLIC_OPERATIONS } from './public-operations';
import type { CatalogRoute } from './route-catalog';

/** The role an admin operation needs, by route key (`'GET /api/v1/keys'`); `undefined` leaves `x-required-role` out. */
export type RequiredRoleOf = (routeKey: string) => string | undefined;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: { url: string }[];
  components: Record<string, unknown>;
  paths: Record<string, Record<string, Record<string, unknown>>>;
}

/** Every documented operation, admin and public, by route key. */
export const OPERATION_DOCS: Readonly<Record<string, OperationDoc>> = { ...ADMIN_OPERATIONS, ...PUBLIC_OPERATIONS };

const DESCRIPTION = [
  'Generated from the routes issuer-api serves: paths, path and query parameters, request bodies and success statuses',
  'come from the controllers and the zod schemas their SchemaPipes validate with.',
  'Admin API under /api/v1 (API.md): JSON only, `Authorization: Bearer` (admin key, API key or single sign-on token),',
  'errors as RFC 9457 problem+json; `x-required-role` names the role each operation needs and `x-route` its route as',
  'the server knows it. Also listed: the public OID4VCI 1.0 wallet, authorization server, status list and did:web',
  'endpoints, whose messages are defined by their specifications rather than described here, with errors as',
  '`{"error","error_description"}`. Not listed: /health/live, /health/ready, /metrics and this document.',
].join(' ');

const PROBLEM = { $ref: '#/components/schemas/Problem' };
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: PROBLEM } } });

/** The OpenAPI 3.1 document of the public edge. Routes without an OperationDoc are still listed (path, inputs). */
export function buildOpenApiDocument(publicUrl: string, routes: CatalogRoute[], requiredRoleOf?: RequiredRoleOf): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const doc = OPERATION_DOCS[route.key] as OperationDoc | undefined;
    const path = openApiPath(route.route, doc?.wildcard);
    const admin = route.route.startsWith('/api/');
    const role = admin ? requiredRoleOf?.(route.key) : undefined;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      ...(doc ? { tags: [doc.tag], summary: doc.summary, ...(doc.description ? { description: doc.description } : {}) } : {}),
      'x-route': route.key,
      ...(role ? { 'x-required-role': role } : {}),
      ...parametersOf(route, path, doc),
      ...requestBodyOf(route, doc),
      ...(admin ? { security: securityOf(doc) } : {}),
      responses: admin ? adminResponses(route, doc) : { default: { description: 'Success, or an OAuth error', content: oauthError() } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Issuer platform', version: '1', description: DESCRIPTION },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'Admin key, API key or single sign-on access token (API.md §13)' },
        streamToken: { type: 'apiKey', in: 'query', name: 'token', description: 'Short-lived SSE stream token (POST .../events/token)' },
      },
      schemas: { Problem: PROBLEM_SCHEMA, OAuthError: OAUTH_ERROR_SCHEMA },
    },
    paths,
  };
}

/** `/api/v1/issuers/:issuerId` → `/api/v1/issuers/{issuerId}`; a trailing `*` takes the name the doc gives it. */
export function openApiPath(route: string, wildcard = 'path'): string {
  return route.replace(/:(\w+)/g, '{$1}').replace(/\*$/, `{${wildcard}}`);
}

function parametersOf(route: CatalogRoute, path: string, doc: OperationDoc | undefined): Record<string, unknown> {
  const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const parameters = [...inPath, ...queryParameters(route.query), ...(doc?.parameters ?? [])];
  return parameters.length ? { parameters } : {};
}

/** One query parameter per member of the query schema, with the member's JSON Schema (bounds, enums, defaults). */
function queryParameters(query: z.ZodType | undefined): Record<string, unknown>[] {
  if (!query) return [];
  const schema = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, member]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: member,
  }));
}

function requestBodyOf(route: CatalogRoute, doc: OperationDoc | undefined): Record<string, unknown> {
  if (route.body) {
    // A body the schema accepts absent (POST /retention/runs) may be left out.
    const required = !route.body.safeParse(undefined).success;
    return { requestBody: { required, content: { 'application/json': { schema: bodySchema(route.body) } } } };
  }
  if (doc?.protocolBody) return { requestBody: { required: true, content: { [doc.protocolBody]: { schema: { type: 'object' } } } } };
  return {};
}

/** What a client may send: the schema's input side (defaults optional, coerced query values as typed). */
function bodySchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function securityOf(doc: OperationDoc | undefined): Record<string, string[]>[] {
  const stream = doc?.parameters?.some((p) => p.name === 'token' && p.in === 'query');
  return stream ? [{ adminKey: [] }, { streamToken: [] }] : [{ adminKey: [] }];
}

function adminResponses(route: CatalogRoute, doc: OperationDoc | undefined): Record<string, unknown> {
  const content = doc?.response
    ? { content: { 'application/json': { schema: z.toJSONSchema(doc.response, { io: 'output', unrepresentable: 'any' }) } } }
    : {};
  return {
    [String(route.status)]: { description: route.status === 204 ? 'Done, no content' : 'Success', ...content },
    ...(route.body || route.query ? { 400: problem('Invalid input: `errors` names each field') } : {}),
    401: problem('Missing, unknown, expired or revoked credentials (`WWW-Authenticate: Bearer`)'),
    403: problem('The principal lacks the required role on the issuer'),
    ...(route.route.includes(':') || route.route.endsWith('*') ? { 404: problem('Not found (or out of the principal’s scope)') } : {}),
    429: problem('Rate limit of the principal exceeded (`Retry-After`)'),
    default: problem('Other errors (409 conflicts, 413 body too large, 5xx)'),
  };
}

function oauthError() {
  return { 'application/json': { schema: { $ref: '#/components/schemas/OAuthError' } } };
}

/** API.md §0: RFC 9457 problem details with the failing fields. */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/** RFC 6749 §5.2 error response, used by every public endpoint. */
const OAUTH_ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
};
