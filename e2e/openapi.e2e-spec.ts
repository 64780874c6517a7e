import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTarget, waitFor, type RunningPlatform } from '@issuer/testing';

const target = process.env.E2E_TARGET ?? 'standalone';

/** Served but not operations of the API (the document says so): the document itself, its Swagger UI, health and metrics. */
const NOT_AN_OPERATION = /^\/(api\/(docs(\/.*)?|openapi\.(json|yaml))|health\/(live|ready)|metrics)$/;

interface Operation {
  'x-route': string;
  security?: unknown[];
}
type Document = { paths: Record<string, Record<string, Operation>> };

/** The routes Fastify serves, from the debug line issuer-api logs once it is ready (openapi/served-routes.ts). */
function servedRoutes(platform: RunningPlatform): string[] | undefined {
  for (const line of platform.output().split('\n')) {
    if (!line.includes('"HTTP routes served"')) continue;
    let entry: { routes: string[] };
    try {
      entry = JSON.parse(line.slice(line.indexOf('{'))) as { routes: string[] };
    } catch {
      continue; // Cluster mode: processes share the output pipe, and a long line may be interleaved with another's.
    }
    return entry.routes.filter((route) => !route.startsWith('HEAD ') && !NOT_AN_OPERATION.test(route.split(' ')[1]));
  }
  return undefined;
}

describe(`OpenAPI document (${target})`, () => {
  let platform: RunningPlatform;
  let documented: { path: string; method: string; operation: Operation }[];

  before(async () => {
    platform = await startTarget({ LOG_LEVEL: 'debug' });
    // At debug level the embedded PostgreSQL's "listening on" log line can end startTarget's wait before the edge listens.
    const response = await waitFor('the OpenAPI document', () => fetch(`${platform.baseUrl}/api/openapi.json`), { timeoutMs: 120_000 });
    const document = (await response.json()) as Document;
    documented = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })),
    );
  });
  after(async () => platform?.stop());

  it('lists every route Fastify serves (the admin API and the public endpoints), and serves every operation it lists', async () => {
    const served = await waitFor('the served routes in the log', () => servedRoutes(platform));
    const routes = new Set(documented.map((d) => d.operation['x-route']));
    assert.ok(
      served.some((route) => route.startsWith('POST /api/v1/')),
      'admin routes are in the log',
    );
    assert.deepEqual(
      served.filter((route) => !routes.has(route)),
      [],
      'served but missing from /api/openapi.json',
    );
    assert.deepEqual(
      [...routes].filter((route) => !served.includes(route)),
      [],
      'in /api/openapi.json but not served',
    );
  });

  it('answers every admin operation it lists with 401 without credentials (the route exists, the guard runs)', async () => {
    const admin = documented.filter((d) => d.path.startsWith('/api/'));
    assert.ok(admin.length > 40, `${admin.length} admin operations`);
    for (const { path, method } of admin) {
      const url = `${platform.baseUrl}${path.replace(/\{(\w+)\}/g, 'x')}`;
      const body = method === 'get' || method === 'delete' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } };
      const response = await fetch(url, { method: method.toUpperCase(), ...body });
      await response.body?.cancel();
      assert.equal(response.status, 401, `${method.toUpperCase()} ${path}`);
    }
  });
});
