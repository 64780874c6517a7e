import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { IssuerApiModule } from '../issuer-api.module';
import { ADMIN_PERMISSIONS, permissionFor, PUBLIC_API_ROUTE } from './admin-permissions';
import { declaredRoutes } from './declared-routes';

/** Every route the issuer-api module declares under /api/, as `METHOD /route` in Fastify's form, from the Nest metadata. */
function declaredApiRoutes(): string[] {
  const controllers = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, IssuerApiModule) ?? []) as Type[];
  return controllers.flatMap(declaredRoutes).filter((route) => route.split(' ')[1].startsWith('/api/'));
}

describe('admin permission table', () => {
  it('has an entry for every admin route the module declares (a route without one is refused)', () => {
    const declared = declaredApiRoutes();
    assert.ok(declared.length > 40, `${declared.length} admin routes found`);
    assert.deepEqual(
      declared.filter((route) => !Object.hasOwn(ADMIN_PERMISSIONS, route)),
      [],
    );
  });

  it('names only routes that exist (no stale entries granting something else later)', () => {
    const declared = new Set(declaredApiRoutes());
    assert.deepEqual(
      Object.keys(ADMIN_PERMISSIONS).filter((entry) => !declared.has(entry)),
      [],
    );
  });

  it('looks routes up by method and Fastify route template; HEAD as GET; nothing else matches', () => {
    assert.deepEqual(permissionFor('GET', '/api/v1/issuers/:issuerId/sessions/:sessionId'), {
      role: 'viewer',
      scope: 'issuer',
      issuerParam: 'issuerId',
    });
    assert.deepEqual(permissionFor('HEAD', '/api/v1/issuers'), permissionFor('GET', '/api/v1/issuers'));
    assert.equal(permissionFor('GET', '/api/v1/issuers/{issuerId}'), undefined);
    assert.equal(permissionFor('PATCH', '/api/v1/issuers/:issuerId'), undefined);
    assert.equal(permissionFor('GET', '/api/v1/issuers/acme'), undefined);
    assert.equal(permissionFor('constructor', ''), undefined, 'no prototype member passes for an entry');
  });

  it('gives each scope what it needs: the issuer parameter in the route, the owned resource parameter in the route', () => {
    for (const [operation, permission] of Object.entries(ADMIN_PERMISSIONS)) {
      const route = operation.split(' ')[1]!;
      if (permission.scope === 'issuer') assert.ok(route.includes(`/:${permission.issuerParam}`), operation);
      if (permission.scope === 'owned')
        assert.ok(permission.param === '*' ? route.endsWith('/*') : route.includes(`/:${permission.param}`), operation);
      if (permission.scope === 'platform') assert.equal(permission.role, 'platform-admin', operation);
    }
  });

  it('mints a stream token only for whoever may read that stream, and only streams take tokens', () => {
    const streams = Object.entries(ADMIN_PERMISSIONS).filter(([, p]) => p.scope === 'issuer' && p.stream);
    assert.equal(streams.length, 2);
    for (const [operation, permission] of streams) {
      const token = permissionFor('POST', `${operation.split(' ')[1]}/token`);
      assert.ok(token, `${operation} has a token route`);
      assert.equal(token.role, permission.role, operation);
      assert.equal(token.scope, permission.scope, operation);
    }
  });

  it('keeps the API keys, retention and deployment-wide settings for platform-admin', () => {
    for (const [operation, permission] of Object.entries(ADMIN_PERMISSIONS)) {
      if (/\/api\/v1\/(api-keys|retention)/.test(operation)) assert.equal(permission.scope, 'platform', operation);
    }
  });

  it('treats only the OpenAPI document and its UI as public under /api/', () => {
    for (const route of ['/api/openapi.json', '/api/openapi.yaml', '/api/docs', '/api/docs/', '/api/docs/swagger-ui.css'])
      assert.ok(PUBLIC_API_ROUTE.test(route), route);
    for (const route of ['/api/v1/issuers', '/api/docsx', '/api/openapi.jsonx', '/api/v1/docs'])
      assert.ok(!PUBLIC_API_ROUTE.test(route), route);
  });
});
