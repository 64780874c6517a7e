import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AdminClient, SseReader, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

const ROLES = ['platform-admin', 'issuer-admin', 'offer-manager', 'status-manager', 'viewer'] as const;
type Role = (typeof ROLES)[number];
/** The implications README "Teams and roles" documents; the matrix checks the server against them. */
const IMPLIES: Record<Role, Role[]> = {
  'platform-admin': [...ROLES],
  'issuer-admin': ['issuer-admin', 'offer-manager', 'status-manager', 'viewer'],
  'offer-manager': ['offer-manager', 'viewer'],
  'status-manager': ['status-manager', 'viewer'],
  viewer: ['viewer'],
};

/**
 * The role each admin route needs, from the role descriptions of API.md §13, stated here independently of the
 * server's table (access/admin-permissions.ts) so that a change to the table shows up as a failure.
 */
function expectedRole(method: string, route: string): Role {
  if (/^\/api\/v1\/(api-keys|retention)/.test(route)) return 'platform-admin';
  // The audit log: platform-admin, and issuer-admin for its issuers' records.
  if (route === '/api/v1/audit') return 'issuer-admin';
  if (method === 'GET') return 'viewer';
  if (route.endsWith('/events/token')) return 'viewer';
  // The data functions preview shows what an offer's credential would carry.
  if (/\/offers(\/batch)?$|\/credential-data$|\/redeliver$|\/profiles\/:profileId\/preview$/.test(route)) return 'offer-manager';
  if (route.endsWith('/status')) return 'status-manager';
  return 'issuer-admin';
}

/** One entry of `GET /api/v1/permissions` (access/admin-permissions.ts). */
interface Permission {
  method: string;
  route: string;
  role: Role;
  scope: 'platform' | 'issuer' | 'new-issuer' | 'issuer-or-platform' | 'owned' | 'any';
  resource?: 'key' | 'did' | 'certificate';
}

/** What one team owns on the shared deployment. */
interface Team {
  issuerId: string;
  keyId: string;
  profileId: string;
  sessionId: string;
  credentialId: string;
  certificateId: string;
  did: string;
}

const CONFIGURATION = {
  format: 'dc+sd-jwt',
  vct: 'https://example.com/identity',
  scope: 'identity',
  cryptographic_binding_methods_supported: ['jwk'],
  credential_signing_alg_values_supported: ['ES256'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
  credential_metadata: { display: [{ name: 'Identity', locale: 'en' }] },
};

function ok<T = any>(response: { status: number; body: T }, status: number, what: string): T {
  assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
  return response.body;
}

async function createIssuer(admin: AdminClient, issuerId: string): Promise<void> {
  ok(
    await admin.post('/api/v1/issuers', { id: issuerId, credentialConfigurations: { identity_sd_jwt: CONFIGURATION } }),
    201,
    `issuer ${issuerId}`,
  );
}

/** An issuer with its own key, certificate, DID, profile, user and an issued credential; set up through `client`. */
async function createTeam(client: AdminClient, issuerId: string): Promise<Team> {
  await createIssuer(client, issuerId);
  const key = ok(await client.post('/api/v1/keys', { type: 'secp256r1', issuerId }), 201, 'owned key');
  assert.equal(key.issuerId, issuerId);
  const certificate = ok(
    await client.post('/api/v1/certificates', {
      profile: 'self-signed',
      keyId: key.keyId,
      subject: { commonName: issuerId, country: 'DE' },
      issuerId,
    }),
    201,
    'owned certificate',
  );
  const did = ok(await client.post('/api/v1/dids', { method: 'jwk', keyId: key.keyId, issuerId }), 201, 'owned DID');
  const profile = ok(
    await client.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: 'Identity',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: key.keyId,
      certificateId: certificate.certificateId,
      credentialData: { given_name: 'Erika' },
      credentialStatus: { type: 'TokenStatusList' },
    }),
    201,
    'profile with the owned key and certificate',
  );
  ok(await client.post(`/api/v1/issuers/${issuerId}/users`, { username: 'alice', password: 'correct horse battery' }), 201, 'user');
  const offer = await createOffer(client, issuerId, profile.profileId);
  await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
  const session = ok(await client.get(`/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}`), 200, 'session');
  return {
    issuerId,
    keyId: key.keyId,
    profileId: profile.profileId,
    sessionId: offer.sessionId,
    credentialId: session.credentials[0].credentialId,
    certificateId: certificate.certificateId,
    did: did.did,
  };
}

async function createApiKey(admin: AdminClient, roles: Role[], issuers: string[], extra: Record<string, unknown> = {}) {
  return ok(
    await admin.post('/api/v1/api-keys', { name: `${roles.join('+')} on ${issuers.join(',')}`, roles, issuers, ...extra }),
    201,
    'API key',
  );
}

/** `{status, detail}` with `id` replaced, to compare an answer about one resource with an answer about another. */
function shape(response: { status: number; body: any }, id: string, as: string) {
  return {
    status: response.status,
    body: JSON.parse(
      JSON.stringify(response.body ?? null)
        .split(id)
        .join(as),
    ),
  };
}

const pause = (ms: number) => new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));

/** An SSE stream: its status, and a promise that settles when the server ends it (the client never closes it here). */
async function openStream(url: string, headers: Record<string, string>): Promise<{ status: number; ended: Promise<void> }> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  const ended = (async () => {
    try {
      for await (const _chunk of response.body ?? []) {
        /* heartbeats and events until the server ends the stream */
      }
    } catch {
      /* a connection destroyed by the server ends the read with an error */
    }
  })();
  return { status: response.status, ended };
}

describe(`access control: roles, scopes, API keys (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let acme: Team;
  let globex: Team;
  let permissions: { items: Permission[]; served: string[]; unmapped: string[] };

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    acme = await createTeam(admin, 'acme');
    globex = await createTeam(admin, 'globex');
    permissions = ok(await admin.get('/api/v1/permissions'), 200, 'permissions');
  });
  after(async () => platform?.stop());

  it('has a permission entry for every admin route served, and serves every entry', () => {
    assert.ok(permissions.served.length > 40, `${permissions.served.length} admin routes served`);
    assert.deepEqual(permissions.unmapped, [], 'served admin routes without a permission entry (they are refused)');
    const served = new Set(permissions.served);
    assert.deepEqual(
      permissions.items.map((p) => `${p.method} ${p.route}`).filter((entry) => !served.has(entry)),
      [],
      'entries naming no served route',
    );
    assert.doesNotMatch(platform.output(), /without a permission entry/);
    assert.deepEqual(
      permissions.items.filter((p) => p.role !== expectedRole(p.method, p.route)).map((p) => `${p.method} ${p.route}: ${p.role}`),
      [],
      'entries whose role differs from API.md §13',
    );
  });

  it('walks every admin route of the OpenAPI document for every role, in scope and out of scope', async () => {
    const document = ok(await new AdminClient(platform.baseUrl, undefined).get('/api/openapi.json'), 200, 'OpenAPI document');
    const byOperation = new Map(permissions.items.map((p) => [`${p.method} ${p.route}`, p]));
    const documented: Permission[] = [];
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        if (!['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(method)) continue;
        const route = path.replace(/\{(\w+)\}/g, ':$1');
        const entry = byOperation.get(`${method} ${route}`) ?? byOperation.get(`${method} ${route.replace(/\/:\w+$/, '/*')}`);
        assert.ok(entry, `${method} ${path} is documented but has no permission entry`);
        documented.push(entry);
      }
    }
    assert.ok(documented.length > 40, `${documented.length} documented admin operations`);
    // Entries the document does not list yet are walked too: the table is what the guard enforces.
    const walked = [...new Set([...documented, ...permissions.items])];

    const secrets = {} as Record<Role, string>;
    for (const role of ROLES)
      secrets[role] = (await createApiKey(admin, [role], role === 'platform-admin' ? ['*'] : ['acme', 'acme-tmp'])).key;

    /** Concrete values for the route's parameters, for acme (in scope) or globex (out of scope); fresh ones to destroy. */
    const fill = async (entry: Permission, team: Team, inScope: boolean): Promise<string> => {
      const destroys = entry.method === 'DELETE';
      const values: Record<string, () => Promise<string> | string> = {
        issuerId: async () => {
          if (!(inScope && destroys && entry.route === '/api/v1/issuers/:issuerId')) return team.issuerId;
          if ((await admin.get('/api/v1/issuers/acme-tmp')).status === 404) await createIssuer(admin, 'acme-tmp');
          return 'acme-tmp';
        },
        profileId: () => (destroys ? 'no-such-profile' : team.profileId),
        sessionId: () => (destroys ? randomUUID() : team.sessionId),
        credentialId: () => team.credentialId,
        username: () => (destroys ? 'nobody' : 'alice'),
        eventId: () => randomUUID(),
        certificateId: () => team.certificateId,
        keyId: async () =>
          inScope && destroys
            ? ok(await admin.post('/api/v1/keys', { type: 'ed25519', issuerId: 'acme' }), 201, 'key to delete').keyId
            : team.keyId,
        apiKeyId: async () => (await createApiKey(admin, ['viewer'], ['acme'])).apiKeyId,
        '*': async () => {
          if (!(inScope && destroys)) return encodeURIComponent(team.did);
          const key = ok(await admin.post('/api/v1/keys', { type: 'ed25519', issuerId: 'acme' }), 201, 'key of a DID to delete');
          return encodeURIComponent(
            ok(await admin.post('/api/v1/dids', { method: 'jwk', keyId: key.keyId, issuerId: 'acme' }), 201, 'DID').did,
          );
        },
      };
      let path = entry.route;
      for (const [name, value] of Object.entries(values)) {
        const pattern = name === '*' ? '/*' : `/:${name}`;
        if (path.includes(pattern)) path = path.replace(pattern, `/${await value()}`);
      }
      return path;
    };
    const bodyFor = (entry: Permission, issuerId: string): unknown => {
      if (entry.scope === 'new-issuer') return { id: issuerId === 'acme' ? 'acme-tmp' : issuerId };
      if (entry.scope === 'issuer-or-platform') return { issuerId };
      return entry.method === 'POST' || entry.method === 'PUT' ? {} : undefined;
    };
    /** One request as `secret`; an SSE stream that opens streams until closed, so only its status is read. */
    const send = async (secret: string, method: string, path: string, body: unknown): Promise<{ status: number; body: any }> => {
      if (method === 'GET' && path.endsWith('/events')) {
        const controller = new AbortController();
        const response = await fetch(`${platform.baseUrl}${path}`, {
          headers: { authorization: `Bearer ${secret}` },
          signal: controller.signal,
        });
        const answer = { status: response.status, body: response.ok ? {} : await response.json() };
        controller.abort();
        return answer;
      }
      return new AdminClient(platform.baseUrl, secret).request(method, path, body);
    };

    const failures: string[] = [];
    const seen = { allowed: 0, refused: 0, hidden: 0 };
    for (const entry of walked) {
      for (const role of ROLES) {
        const needed = expectedRole(entry.method, entry.route);
        const allowed = IMPLIES[role].includes(needed) && (entry.scope !== 'platform' || role === 'platform-admin');
        // In scope: acme's resources.
        const inPath = await fill(entry, acme, true);
        const inAnswer = await send(secrets[role], entry.method, inPath, bodyFor(entry, 'acme'));
        const label = `${role} ${entry.method} ${inPath}`;
        seen[allowed ? 'allowed' : 'refused']++;
        if (allowed) {
          if ([401, 403].includes(inAnswer.status) || inAnswer.status >= 500)
            failures.push(`${label}: allowed, got ${inAnswer.status} ${JSON.stringify(inAnswer.body)}`);
        } else {
          const on = entry.scope === 'new-issuer' || inPath.includes('/acme-tmp') ? 'acme-tmp' : 'acme';
          const detail = entry.scope === 'platform' || entry.scope === 'any' ? `requires ${needed}` : `requires ${needed} on ${on}`;
          if (inAnswer.status !== 403 || inAnswer.body?.detail !== detail)
            failures.push(`${label}: expected 403 "${detail}", got ${inAnswer.status} ${JSON.stringify(inAnswer.body)}`);
        }
        if (entry.scope === 'platform' || entry.scope === 'any' || role === 'platform-admin') continue;
        // Out of scope: globex's resources, which a principal of acme must not reach whatever its role.
        const outPath = await fill(entry, globex, false);
        const outAnswer = await send(secrets[role], entry.method, outPath, bodyFor(entry, 'globex'));
        const outLabel = `${role} ${entry.method} ${outPath}`;
        if (entry.scope === 'owned' || (entry.scope === 'issuer' && entry.method === 'GET')) {
          seen.hidden++;
          // Indistinguishable from a resource that does not exist: the route's own 404 for an unknown one.
          const [realId, missingId] =
            entry.scope === 'owned'
              ? entry.resource === 'did'
                ? [encodeURIComponent(globex.did), encodeURIComponent('did:jwk:eyJub3QiOiJvdXJzIn0')]
                : [outPath.split('/')[4]!, randomUUID()]
              : ['globex', 'no-such-issuer'];
          const missing = await send(secrets['platform-admin'], entry.method, outPath.replace(realId, missingId), bodyFor(entry, 'globex'));
          const decoded = (v: string) => decodeURIComponent(v);
          assert.equal(missing.status, 404, `${outLabel}: the route answers 404 for an unknown one (${JSON.stringify(missing.body)})`);
          if (JSON.stringify(shape(outAnswer, decoded(realId), 'X')) !== JSON.stringify(shape(missing, decoded(missingId), 'X')))
            failures.push(
              `${outLabel}: expected the answer for a missing one ${JSON.stringify(missing.body)}, got ${outAnswer.status} ${JSON.stringify(outAnswer.body)}`,
            );
        } else {
          const detail = `requires ${needed} on globex`;
          if (outAnswer.status !== 403 || outAnswer.body?.detail !== detail)
            failures.push(`${outLabel}: expected 403 "${detail}", got ${outAnswer.status} ${JSON.stringify(outAnswer.body)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    // Not vacuous: the walk saw every kind of answer in numbers.
    assert.ok(seen.allowed > 100 && seen.refused > 50 && seen.hidden > 50, JSON.stringify(seen));
  });

  it('lets two teams share the deployment without seeing or touching each other’s issuers, keys, sessions or credentials', async () => {
    const teamAKey: string = (await createApiKey(admin, ['issuer-admin'], ['acme'])).key;
    const teamA = new AdminClient(platform.baseUrl, teamAKey);
    const teamB = new AdminClient(platform.baseUrl, (await createApiKey(admin, ['issuer-admin'], ['globex'])).key);
    const platformKey = ok(await admin.post('/api/v1/keys', { type: 'secp256r1' }), 201, 'platform key');
    assert.equal(platformKey.issuerId, undefined, 'a platform key names no issuer');

    // Listings show each team its own only (and no platform resources).
    assert.deepEqual(
      ok(await teamA.get('/api/v1/issuers'), 200, 'issuers').items.map((i: any) => i.id),
      ['acme'],
    );
    assert.deepEqual(
      ok(await teamB.get('/api/v1/issuers'), 200, 'issuers').items.map((i: any) => i.id),
      ['globex'],
    );
    const keysOfA = ok(await teamA.get('/api/v1/keys?limit=500'), 200, 'keys').items;
    assert.ok(keysOfA.some((k: any) => k.keyId === acme.keyId));
    assert.ok(
      keysOfA.every((k: any) => k.issuerId === 'acme'),
      'only acme keys',
    );
    const didsOfB = ok(await teamB.get('/api/v1/dids'), 200, 'DIDs').items;
    assert.deepEqual([...new Set(didsOfB.map((d: any) => d.issuerId))], ['globex']);
    assert.ok(ok(await admin.get('/api/v1/keys?limit=500'), 200, 'keys').items.some((k: any) => k.keyId === platformKey.keyId));

    // Direct reads of the other team's things read as missing.
    assert.deepEqual(
      shape(await teamA.get('/api/v1/issuers/globex'), 'globex', 'X'),
      shape(await admin.get('/api/v1/issuers/nope'), 'nope', 'X'),
    );
    assert.equal((await teamA.get(`/api/v1/issuers/globex/sessions/${globex.sessionId}`)).status, 404);
    assert.equal((await teamA.get('/api/v1/issuers/globex/sessions')).status, 404);
    assert.equal((await teamA.get(`/api/v1/keys/${globex.keyId}`)).status, 404);
    assert.equal((await teamA.get(`/api/v1/keys/${platformKey.keyId}`)).status, 404);
    assert.equal((await teamA.get(`/api/v1/certificates/${globex.certificateId}`)).status, 404);
    assert.equal((await teamA.delete(`/api/v1/dids/${encodeURIComponent(globex.did)}`)).status, 404);
    assert.equal((await teamA.delete(`/api/v1/keys/${globex.keyId}`)).status, 404);

    // Changes to the other team's issuer are refused naming role and issuer; its credential is not found under acme.
    const revoke = await teamA.put(`/api/v1/issuers/globex/credentials/${globex.credentialId}/status`, { status: 'REVOKED' });
    assert.deepEqual([revoke.status, revoke.body.detail], [403, 'requires status-manager on globex']);
    assert.equal((await teamA.put(`/api/v1/issuers/acme/credentials/${globex.credentialId}/status`, { status: 'REVOKED' })).status, 404);
    assert.equal((await teamA.post(`/api/v1/issuers/globex/profiles/${globex.profileId}/offers`, {})).status, 403);
    const globexSession = ok(await admin.get(`/api/v1/issuers/globex/sessions/${globex.sessionId}`), 200, 'session');
    assert.notEqual(globexSession.credentials[0].status?.status, 'REVOKED');

    // Another team's key, certificate or DID, or a platform key, cannot be used: 400 naming the field.
    const profileBody = { name: 'Stolen', credentialConfigurationId: 'identity_sd_jwt', credentialData: {} };
    for (const [keyId, why] of [
      [globex.keyId, 'another issuer'],
      [platformKey.keyId, 'the platform'],
    ]) {
      const refused = await teamA.post('/api/v1/issuers/acme/profiles', { ...profileBody, issuerKeyId: keyId });
      assert.equal(refused.status, 400, why);
      assert.deepEqual(
        refused.body.errors.map((e: any) => e.path),
        ['issuerKeyId'],
        why,
      );
    }
    const certificate = await teamA.post('/api/v1/issuers/acme/profiles', {
      ...profileBody,
      issuerKeyId: acme.keyId,
      certificateId: globex.certificateId,
    });
    assert.deepEqual(
      certificate.body.errors?.map((e: any) => e.path),
      ['certificateId'],
    );
    const issuerConfig = ok(await teamA.get('/api/v1/issuers/acme'), 200, 'config');
    const { credentialIssuer: _c, createdAt: _a, updatedAt: _u, ...config } = issuerConfig;
    const stolenStatusKey = await teamA.put('/api/v1/issuers/acme', { ...config, statusListKeyId: globex.keyId });
    assert.deepEqual([stolenStatusKey.status, stolenStatusKey.body.errors?.map((e: any) => e.path)], [400, ['statusListKeyId']]);
    const override = await teamA.post(`/api/v1/issuers/acme/profiles/${acme.profileId}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
      runtimeOverrides: { issuerKeyId: globex.keyId },
    });
    assert.deepEqual([override.status, override.body.errors?.map((e: any) => e.path)], [400, ['runtimeOverrides.issuerKeyId']]);
    const did = await teamA.post('/api/v1/dids', { method: 'jwk', keyId: globex.keyId, issuerId: 'acme' });
    assert.deepEqual([did.status, did.body.errors?.map((e: any) => e.path)], [400, ['keyId']]);
    // Not even platform-admin signs for one issuer with another's key.
    const crossed = await admin.post('/api/v1/issuers/acme/profiles', { ...profileBody, issuerKeyId: globex.keyId });
    assert.deepEqual([crossed.status, crossed.body.errors?.map((e: any) => e.path)], [400, ['issuerKeyId']]);

    // Event streams: the other issuer's reads as missing, a token for it cannot be minted, and acme's token opens only acme's.
    const foreignStream = new SseReader(`${platform.baseUrl}/api/v1/issuers/globex/events`, { authorization: `Bearer ${teamAKey}` });
    assert.equal(await foreignStream.status, 404);
    foreignStream.close();
    assert.equal((await teamA.post('/api/v1/issuers/globex/events/token')).status, 403);
    const { token } = ok(await teamA.post('/api/v1/issuers/acme/events/token'), 200, 'stream token');
    const own = new SseReader(`${platform.baseUrl}/api/v1/issuers/acme/events?token=${token}`, {});
    assert.equal(await own.status, 200);
    own.close();
    const other = new SseReader(`${platform.baseUrl}/api/v1/issuers/globex/events?token=${token}`, {});
    assert.equal(await other.status, 401);
    other.close();

    // Each team runs its own issuer end to end with what it owns.
    const offer = await createOffer(teamA, 'acme', acme.profileId);
    await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    const issued = ok(await teamA.get(`/api/v1/issuers/acme/sessions/${offer.sessionId}`), 200, 'session').credentials[0].credentialId;
    const statusManager = new AdminClient(platform.baseUrl, (await createApiKey(admin, ['status-manager'], ['acme'])).key);
    ok(
      await statusManager.put(`/api/v1/issuers/acme/credentials/${issued}/status`, { status: 'REVOKED' }),
      200,
      'revocation by status-manager',
    );
  });

  it('API keys: shown once, listed without secret, only platform-admin manages them, validation names the field', async () => {
    const created = await createApiKey(admin, ['viewer'], ['acme']);
    assert.match(created.key, /^isk_/);
    const listed = ok(await admin.get('/api/v1/api-keys'), 200, 'list').items.find((k: any) => k.apiKeyId === created.apiKeyId);
    assert.deepEqual(Object.keys(listed).sort(), [
      'apiKeyId',
      'createdAt',
      'createdBy',
      'expiresAt',
      'issuers',
      'keyPrefix',
      'name',
      'roles',
    ]);
    assert.ok(!JSON.stringify(await admin.get('/api/v1/api-keys')).includes(created.key.slice(8)), 'never the key');
    const me = ok(await new AdminClient(platform.baseUrl, created.key).get('/api/v1/me'), 200, 'me');
    assert.deepEqual(me, { type: 'api-key', id: created.apiKeyId, roles: ['viewer'], issuers: ['acme'] });
    assert.ok(!platform.adminKey.includes(ok(await admin.get('/api/v1/me'), 200, 'me').id), 'the admin key is named by a fingerprint');

    const everywhere = new AdminClient(platform.baseUrl, (await createApiKey(admin, ['issuer-admin'], ['*'])).key);
    const refused = await everywhere.post('/api/v1/api-keys', { name: 'escalate', roles: ['platform-admin'], issuers: ['*'] });
    assert.deepEqual([refused.status, refused.body.detail], [403, 'requires platform-admin']);
    for (const [body, path] of [
      [{ name: 'x', roles: ['root'], issuers: ['acme'] }, 'roles.0'],
      [{ name: 'x', roles: ['viewer'], issuers: [] }, 'issuers'],
      [{ name: 'x', roles: ['viewer'], issuers: ['acme'], expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ] as const) {
      const invalid = await admin.post('/api/v1/api-keys', body);
      assert.equal(invalid.status, 400);
      assert.match(invalid.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.deepEqual(
        invalid.body.errors.map((e: any) => e.path),
        [path],
      );
    }
    assert.equal((await admin.delete(`/api/v1/api-keys/${randomUUID()}`)).status, 404);
  });

  it('a revoked key is refused at once on every replica', async () => {
    const created = await createApiKey(admin, ['viewer'], ['acme']);
    for (const edge of platform.edges) ok(await new AdminClient(edge, created.key).get('/api/v1/issuers/acme'), 200, `before, on ${edge}`);
    ok(await new AdminClient(platform.edges[0]!, platform.adminKey).delete(`/api/v1/api-keys/${created.apiKeyId}`), 204, 'revoke');
    // In cluster mode the first edge is the round-robin proxy: consecutive requests reach both replicas.
    for (const edge of [...platform.edges].reverse())
      for (let i = 0; i < 2; i++) {
        const after = await new AdminClient(edge, created.key).get('/api/v1/issuers/acme');
        assert.equal(after.status, 401, `after, on ${edge}`);
        assert.equal(after.headers.get('www-authenticate'), 'Bearer');
      }
    assert.ok(!ok(await admin.get('/api/v1/api-keys'), 200, 'list').items.some((k: any) => k.apiKeyId === created.apiKeyId));
  });

  it('revoking a key ends the event streams it opened, or opened with a stream token it minted, on every replica', async () => {
    const created = await createApiKey(admin, ['viewer'], ['acme']);
    const { token } = ok(
      await new AdminClient(platform.baseUrl, created.key).post('/api/v1/issuers/acme/events/token'),
      200,
      'stream token',
    );
    // Two of each through the first edge (in cluster mode the round-robin proxy: they land on both replicas).
    const streams = [];
    for (let i = 0; i < 2; i++) {
      streams.push(await openStream(`${platform.baseUrl}/api/v1/issuers/acme/events`, { authorization: `Bearer ${created.key}` }));
      streams.push(await openStream(`${platform.baseUrl}/api/v1/issuers/acme/events?token=${token}`, {}));
    }
    assert.deepEqual(
      streams.map((stream) => stream.status),
      [200, 200, 200, 200],
    );
    // Revoked through the last edge (a replica itself in cluster mode): the other replica learns it over the bus.
    ok(await new AdminClient(platform.edges.at(-1)!, platform.adminKey).delete(`/api/v1/api-keys/${created.apiKeyId}`), 204, 'revoke');
    // Ended by the server: the reads finish without the client closing them.
    const allEnded = Promise.all(streams.map((stream) => stream.ended)).then(() => true);
    await waitFor('the streams to end', () => Promise.race([allEnded, pause(200)]), { timeoutMs: 10_000 });
    const again = await openStream(`${platform.baseUrl}/api/v1/issuers/acme/events?token=${token}`, {});
    assert.equal(again.status, 401, 'a token minted by a revoked key opens nothing');
  });

  it('an expired key is refused', async () => {
    const expiresAt = new Date(Date.now() + 2_000);
    const created = await createApiKey(admin, ['viewer'], ['acme'], { expiresAt: expiresAt.toISOString() });
    await waitFor('the expiry to pass', () => Date.now() > expiresAt.getTime() + 100, { timeoutMs: 10_000 });
    assert.equal((await new AdminClient(platform.baseUrl, created.key).get('/api/v1/issuers/acme')).status, 401);
  });
});
