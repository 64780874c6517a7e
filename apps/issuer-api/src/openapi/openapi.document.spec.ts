import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { IssuerApiModule } from '../issuer-api.module';
import { buildOpenApiDocument, OPERATION_DOCS, openApiPath } from './openapi.document';
import { requiredRoleOf } from './required-role';
import { routeCatalog } from './route-catalog';

const routes = routeCatalog(IssuerApiModule);
const document = buildOpenApiDocument('http://localhost:3000', routes, requiredRoleOf);
const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })),
);
const operationOf = (path: string, method: string) => document.paths[path]?.[method] as Record<string, any> | undefined;

describe('OpenAPI document', () => {
  it('has an operation for every route of the module, and prose for each (no doc without its route)', () => {
    assert.ok(routes.length > 60, `${routes.length} routes found in the module metadata`);
    assert.equal(operations.length, routes.length, 'one operation per route (two routes never share a path and method)');
    const undocumented = routes.filter((route) => !Object.hasOwn(OPERATION_DOCS, route.key)).map((r) => `${r.key} (${r.handler})`);
    assert.deepEqual(undocumented, [], 'routes without an entry in admin-operations.ts or public-operations.ts');
    const served = new Set(routes.map((route) => route.key));
    assert.deepEqual(
      Object.keys(OPERATION_DOCS).filter((key) => !served.has(key)),
      [],
      'docs of routes nobody serves',
    );
  });

  it('validates every admin body and query with a SchemaPipe, whose schema is the one documented', () => {
    const admin = routes.filter((route) => route.route.startsWith('/api/'));
    assert.deepEqual(
      admin.filter((route) => route.unvalidated.length).map((r) => `${r.key}: ${r.unvalidated.join(', ')} read without a SchemaPipe`),
      [],
    );
    for (const route of admin.filter((r) => r.body)) {
      const operation = operationOf(openApiPath(route.route, OPERATION_DOCS[route.key]?.wildcard), route.method.toLowerCase());
      assert.deepEqual(
        operation?.requestBody.content['application/json'].schema,
        z.toJSONSchema(route.body!, { io: 'input', unrepresentable: 'any' }),
        route.key,
      );
    }
    assert.ok(admin.filter((r) => r.body).length >= 15, 'admin routes with bodies');
  });

  it('names path and query parameters, the success status, security and the required role', () => {
    const sessions = operationOf('/api/v1/issuers/{issuerId}/sessions', 'get')!;
    assert.deepEqual(
      sessions.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
      ['path:issuerId', 'query:status', 'query:profileId', 'query:limit', 'query:cursor'],
    );
    assert.deepEqual(sessions.parameters[3].schema, { default: 50, type: 'integer', minimum: 1, maximum: 500 });
    assert.equal(sessions['x-required-role'], 'viewer');
    assert.deepEqual(sessions.security, [{ adminKey: [] }]);
    const disable = operationOf('/api/v1/keys/{keyId}/disable', 'post')!;
    assert.deepEqual(
      disable.parameters.find((p: { name: string }) => p.name === 'force'),
      { name: 'force', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
    );
    assert.ok(disable.responses['200'] && disable.responses['404'] && disable.responses['401']);
    const purge = operationOf('/api/v1/issuers/{issuerId}/sessions/{sessionId}', 'delete')!;
    assert.deepEqual(purge.responses['204'], { description: 'Done, no content' });
    assert.equal(purge['x-required-role'], 'issuer-admin');
    assert.equal(operationOf('/api/v1/retention', 'put')?.['x-required-role'], 'platform-admin');
    assert.deepEqual(
      operations
        .filter(({ path, operation }) => path.startsWith('/api/') && !operation['x-required-role'])
        .map((o) => o.operation['x-route']),
      [],
      'admin operations without a role (no entry in access/admin-permissions.ts)',
    );
    assert.equal(operationOf('/api/v1/dids/{did}', 'delete')?.['x-route'], 'DELETE /api/v1/dids/*');
    const stream = operationOf('/api/v1/issuers/{issuerId}/events', 'get')!;
    assert.deepEqual(stream.security, [{ adminKey: [] }, { streamToken: [] }]);
    // A body the schema accepts absent is optional; the response schema is the code's where it has one.
    assert.equal(operationOf('/api/v1/retention/runs', 'post')?.requestBody.required, false);
    assert.ok(operationOf('/api/v1/retention', 'get')?.responses['200'].content['application/json'].schema.properties.maxDeletePerRun);
    // Public endpoints: no admin security, no role, OAuth errors.
    const token = operationOf('/issuers/{issuerId}/token', 'post')!;
    assert.equal(token.security, undefined);
    assert.equal(token['x-required-role'], undefined);
    assert.ok(token.requestBody.content['application/x-www-form-urlencoded']);
  });

  it('keys each operation by the OpenAPI form of its route', () => {
    for (const { path, operation } of operations) {
      const [, route] = String(operation['x-route']).split(' ');
      assert.equal(openApiPath(route, route.endsWith('*') ? path.match(/\{(\w+)\}$/)?.[1] : undefined), path);
    }
  });
});
