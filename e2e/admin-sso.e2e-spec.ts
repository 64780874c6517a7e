import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, startTarget, type RunningPlatform } from '@issuer/testing';
import { TestAuthorizationServer } from './test-authorization-server';

const target = process.env.E2E_TARGET ?? 'standalone';
/** ADMIN_OIDC_AUDIENCE: the admin API as a resource of the identity provider (Keycloak: an audience mapper). */
const AUDIENCE = 'https://issuer-platform.example/admin-api';
/** Another service the same provider issues tokens for: its tokens must not open the admin API. */
const OTHER_RESOURCE = 'https://reports.example/api';
const CONSOLE = { clientId: 'admin-console', redirectUris: ['https://console.example/callback'] };
/** People at the provider, with Keycloak's realm roles (mixed with roles of no meaning here) and an issuers attribute. */
const ACCOUNTS = {
  'viewer-acme': { realm_access: { roles: ['viewer', 'offline_access', 'default-roles-acme'] }, issuers: ['acme'] },
  'admin-acme': { realm_access: { roles: ['issuer-admin'] }, issuers: ['acme'] },
  root: { realm_access: { roles: ['platform-admin'] } },
  'no-role': { realm_access: { roles: ['offline_access', 'uma_authorization'] }, issuers: ['acme'] },
};
type Account = keyof typeof ACCOUNTS;

const CONFIGURATION = {
  format: 'dc+sd-jwt',
  vct: 'https://example.com/identity',
  scope: 'identity',
  cryptographic_binding_methods_supported: ['jwk'],
  credential_signing_alg_values_supported: ['ES256'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
  credential_metadata: { display: [{ name: 'Identity', locale: 'en' }] },
};

/**
 * Single sign-on for the admin API (API.md §13): oidc-provider stands in for Keycloak and issues RFC 9068 JWT access
 * tokens for the admin API's audience, carrying the person's realm roles in `realm_access.roles` and issuer scope in
 * `issuers`. The platform verifies them against the provider's JWKS (fetched over http from 127.0.0.1, allowed by
 * OUTBOUND_ALLOWED_HOSTS) and enforces the roles like those of API keys. In cluster mode the requests are spread over
 * both issuer-api replicas, each discovering the provider on its own.
 */
describe(`admin single sign-on (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let idp: TestAuthorizationServer;
  let foreignIdp: TestAuthorizationServer;

  const startIdp = () =>
    TestAuthorizationServer.start({
      accounts: ACCOUNTS,
      wallet: CONSOLE,
      resourceServers: { [AUDIENCE]: { format: 'jwt', scope: 'admin' }, [OTHER_RESOURCE]: { format: 'jwt', scope: 'admin' } },
    });
  const tokenOf = (account: Account, resource = AUDIENCE, server = idp) => server.bearerToken({ resource, scope: 'admin', account });
  const as = (token: string) => new AdminClient(platform.baseUrl, token);
  const issuerAs = async (token: string, issuerId: string) =>
    as(token).post('/api/v1/issuers', { id: issuerId, credentialConfigurations: { identity_sd_jwt: CONFIGURATION } });

  before(async () => {
    idp = await startIdp();
    foreignIdp = await startIdp();
    platform = await startTarget({
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      ADMIN_OIDC_ISSUER: idp.issuer,
      ADMIN_OIDC_AUDIENCE: AUDIENCE,
      ADMIN_OIDC_ROLES_CLAIM: 'realm_access.roles',
      ADMIN_OIDC_ISSUERS_CLAIM: 'issuers',
    });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    for (const issuerId of ['acme', 'diploma']) assert.equal((await issuerAs(platform.adminKey, issuerId)).status, 201, issuerId);
  });
  after(async () => {
    await Promise.all([idp?.stop(), foreignIdp?.stop()]);
    await platform?.stop();
  });

  // First, while no replica has discovered the provider yet.
  it('answers 503 with Retry-After while the provider cannot be reached, and does not remember the failure', async () => {
    const token = await tokenOf('viewer-acme');
    idp.unavailable = true;
    try {
      // Twice: in cluster mode the round-robin proxy passes them to both replicas.
      for (let i = 0; i < 2; i++) {
        const answer = await as(token).get('/api/v1/me');
        assert.equal(answer.status, 503, JSON.stringify(answer.body));
        assert.match(answer.headers.get('retry-after') ?? '', /^\d+$/);
        assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
        assert.match(answer.body.detail, /identity provider of the admin API \(ADMIN_OIDC_ISSUER\) could not be reached/);
      }
    } finally {
      idp.unavailable = false;
    }
    for (let i = 0; i < 2; i++) assert.equal((await as(token).get('/api/v1/me')).status, 200);
  });

  it('GET /api/v1/me shows an oidc principal named by the token sub, with the roles and issuers of its claims', async () => {
    const token = await tokenOf('viewer-acme');
    const me = await as(token).get('/api/v1/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
    const { expiresAt, ...principal } = me.body;
    assert.deepEqual(principal, { type: 'oidc', id: 'viewer-acme', roles: ['viewer'], issuers: ['acme'] });
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp as number;
    assert.equal(expiresAt, new Date(exp * 1000).toISOString(), 'expiresAt is the token exp');
    assert.ok(!JSON.stringify(me.body).includes(token.split('.')[2]!), 'never the token');
  });

  it('a viewer reads its issuer and is refused a write, naming the role', async () => {
    const viewer = as(await tokenOf('viewer-acme'));
    assert.equal((await viewer.get('/api/v1/issuers/acme')).status, 200);
    assert.deepEqual(
      ((await viewer.get('/api/v1/issuers')).body.items as { id: string }[]).map((i) => i.id),
      ['acme'],
    );
    const write = await viewer.put('/api/v1/issuers/acme', { id: 'acme', credentialConfigurations: { identity_sd_jwt: CONFIGURATION } });
    assert.deepEqual([write.status, write.body.detail], [403, 'requires issuer-admin on acme']);
    const key = await viewer.post('/api/v1/keys', { type: 'secp256r1', issuerId: 'acme' });
    assert.deepEqual([key.status, key.body.detail], [403, 'requires issuer-admin on acme']);
  });

  it('an issuer-admin manages its issuer and cannot see another one (answered as missing)', async () => {
    const issuerAdmin = as(await tokenOf('admin-acme'));
    const key = await issuerAdmin.post('/api/v1/keys', { type: 'secp256r1', issuerId: 'acme' });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    assert.equal(key.body.issuerId, 'acme');
    const profile = await issuerAdmin.post('/api/v1/issuers/acme/profiles', {
      name: 'SSO-made profile',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: key.body.keyId,
      credentialData: { given_name: 'Ada' },
    });
    assert.equal(profile.status, 201, JSON.stringify(profile.body));
    const other = await issuerAdmin.get('/api/v1/issuers/diploma');
    const missing = await issuerAdmin.get('/api/v1/issuers/no-such-issuer');
    assert.deepEqual([other.status, other.body.detail], [404, 'issuer diploma not found']);
    assert.deepEqual({ ...other.body, detail: '' }, { ...missing.body, detail: '' }, 'the same answer as for a missing issuer');
    assert.equal((await issuerAdmin.post('/api/v1/issuers/diploma/profiles', {})).status, 403);
    assert.deepEqual(
      (await issuerAdmin.post('/api/v1/api-keys', { name: 'x', roles: ['viewer'], issuers: ['acme'] })).body.detail,
      'requires platform-admin',
    );
  });

  it('a platform-admin creates an API key, which then works', async () => {
    const root = as(await tokenOf('root'));
    const me = (await root.get('/api/v1/me')).body;
    assert.deepEqual([me.type, me.id, me.roles, me.issuers], ['oidc', 'root', ['platform-admin'], '*']);
    const created = await root.post('/api/v1/api-keys', { name: 'made by sso', roles: ['viewer'], issuers: ['diploma'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const diplomaViewer = as(created.body.key);
    assert.equal((await diplomaViewer.get('/api/v1/issuers/diploma')).status, 200);
    assert.equal((await diplomaViewer.get('/api/v1/me')).body.type, 'api-key');
  });

  it('refuses with 401: another audience, another provider, expired, tampered', async () => {
    const refused = async (token: string, detail: RegExp, what: string) => {
      const answer = await as(token).get('/api/v1/me');
      assert.equal(answer.status, 401, `${what}: ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.detail, detail, what);
    };
    await refused(await tokenOf('root', OTHER_RESOURCE), /^The access token is not valid: .*aud/, 'a token for another service');
    // Not from ADMIN_OIDC_ISSUER: no resolver knows it.
    await refused(await tokenOf('root', AUDIENCE, foreignIdp), /^The admin API key is not valid$/, 'a token of another provider');
    idp.tamperAccessTokens((payload) => ({ exp: Number(payload['iat']) - 60 }));
    try {
      await refused(await tokenOf('viewer-acme'), /^The access token is not valid: .*exp/, 'an expired token');
    } finally {
      idp.tamperAccessTokens(undefined);
    }
    const [header, payload, signature] = (await tokenOf('viewer-acme')).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const raised = Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['platform-admin'] } })).toString('base64url');
    await refused(`${header}.${raised}.${signature}`, /^The access token is not valid: signature verification failed$/, 'a tampered token');
  });

  it('refuses with 403 a valid token that names none of the platform roles', async () => {
    const answer = await as(await tokenOf('no-role')).get('/api/v1/me');
    assert.equal(answer.status, 403, JSON.stringify(answer.body));
    assert.equal(
      answer.body.detail,
      'The access token names none of the platform roles (platform-admin, issuer-admin, offer-manager, status-manager, viewer) in its realm_access.roles claim',
    );
  });

  it('still takes the admin key and API keys as before', async () => {
    assert.equal((await admin.get('/api/v1/me')).body.type, 'admin-key');
    assert.equal((await as('isk_unknown0123456789abcdefghijklmnopqrstuvwxyzABC').get('/api/v1/me')).status, 401);
  });
});
