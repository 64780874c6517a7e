import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';

/**
 * The profile endpoints the console needs besides API.md §5 (docs/api-additions.md): the stored versions of a profile,
 * and the preview of what its credential data becomes, which runs the credential endpoint's data functions without
 * issuing, storing or calling anything.
 */
describe(`profile versions and data functions preview (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let source: Server;
  let sourceUrl: string;
  const calls: string[] = [];
  const employmentCalls = () => calls.filter((url) => url.startsWith('/employment'));

  before(async () => {
    source = createServer((req, res) => {
      calls.push(req.url ?? '');
      res.setHeader('content-type', 'application/json').end('{"employer":"ACME"}');
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
    platform = await startTarget({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
  });
  after(async () => {
    await platform?.stop();
    source?.close();
  });

  it('lists every version newest first and serves each as it was written, secrets masked; offers keep theirs', async () => {
    const fixture = await createSdJwtIssuer(admin, { issuerId: 'versions', profile: { selectiveDisclosure: undefined } });
    const path = `/api/v1/issuers/versions/profiles/${fixture.profileId}`;
    const first = (await admin.get(path)).body;
    const { profileId, issuerId, version, status, createdAt, updatedAt, ...body } = first;
    const offerOfV1 = await createOffer(admin, 'versions', fixture.profileId);

    const v2 = await admin.put(path, {
      ...body,
      name: 'Identity v2',
      credentialData: { given_name: 'Max' },
      notifications: { webhook: { url: `${sourceUrl}/hook`, bearerToken: 'hook-secret' } },
    });
    assert.equal(v2.status, 200, JSON.stringify(v2.body));
    assert.equal((await admin.put(path, { ...body, name: 'Identity v3' })).body.version, 3);

    const list = await admin.get(`${path}/versions`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((v: any) => [v.version, v.name, v.credentialConfigurationId, v.current]),
      [
        [3, 'Identity v3', 'identity_sd_jwt', true],
        [2, 'Identity v2', 'identity_sd_jwt', false],
        [1, 'Identity', 'identity_sd_jwt', false],
      ],
    );
    assert.ok(list.body.items.every((v: any) => !Number.isNaN(Date.parse(v.createdAt))));

    const one = await admin.get(`${path}/versions/1`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.credentialData, first.credentialData, 'version 1 as it was created');
    assert.equal(one.body.current, false);
    const two = (await admin.get(`${path}/versions/2`)).body;
    assert.deepEqual(two.notifications, { webhook: { url: `${sourceUrl}/hook`, bearerToken: '***' } });
    assert.doesNotMatch(JSON.stringify(two), /hook-secret/);

    // The offer made from version 1 still names it; a new one names the current version.
    const session = (await admin.get(`/api/v1/issuers/versions/sessions/${offerOfV1.sessionId}`)).body;
    assert.equal(session.profileVersion, 1);
    assert.equal((await createOffer(admin, 'versions', fixture.profileId)).profileVersion, 3);

    for (const missing of ['4', '0', 'abc', '1.5'])
      assert.equal((await admin.get(`${path}/versions/${missing}`)).status, 404, `version ${missing}`);
    assert.equal((await admin.get('/api/v1/issuers/versions/profiles/nope/versions')).status, 404);

    // A deactivated profile keeps its versions readable (its open offers still use them).
    assert.equal((await admin.delete(path)).status, 204);
    assert.equal((await admin.get(`${path}/versions`)).body.items.length, 3);
  });

  it('previews the data a credential gets, with typed overrides, examples labelled, no webhook called, nothing stored', async () => {
    const fixture = await createSdJwtIssuer(admin, {
      issuerId: 'preview',
      profile: {
        selectiveDisclosure: undefined,
        mapping: {
          holder: '<subjectDid>',
          issuer: '<issuerId>',
          credential_id: '<uuid>',
          'jwt:jti': '<last:uuid>',
          renew_after: '<timestamp-in:30d>',
          work: `<webhook-json:${sourceUrl}/employment?token=abc>`,
          branding: '<display>',
        },
      },
    });
    const base = `/api/v1/issuers/preview/profiles/${fixture.profileId}`;
    const sessionsBefore = (await admin.get('/api/v1/issuers/preview/sessions')).body.items.length;
    const overrides = { given_name: 'Max', address: { locality: 'Köln' } };

    const response = await admin.post(`${base}/preview`, { credentialData: overrides });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const preview = response.body;
    assert.equal(preview.version, 1);
    assert.deepEqual(employmentCalls(), [], 'the preview calls no webhook');
    assert.equal((await admin.get('/api/v1/issuers/preview/sessions')).body.items.length, sessionsBefore, 'no session made');
    assert.equal(preview.credentialData.given_name, 'Max');
    assert.deepEqual(preview.credentialData.address, { locality: 'Köln', country: 'DE' }, 'merged as an offer merges');
    assert.equal(preview.credentialData.issuer, 'preview');
    assert.deepEqual(preview.credentialData.branding, [{ name: 'Identity', locale: 'en' }]);
    assert.equal(preview.credentialData.work, `[fetched at issuance: ${sourceUrl}/employment]`);
    assert.equal(preview.jwtClaims.jti, preview.credentialData.credential_id);
    assert.deepEqual(preview.placeholders.map((p: any) => [p.function, p.kind, p.target, p.path.join('.')]).sort(), [
      ['<last:uuid>', 'per-credential', 'jwtClaims', 'jti'],
      ['<subjectDid>', 'holder', 'credentialData', 'holder'],
      ['<timestamp-in:30d>', 'signing-time', 'credentialData', 'renew_after'],
      ['<uuid>', 'per-credential', 'credentialData', 'credential_id'],
      [`<webhook-json:${sourceUrl}/employment>`, 'webhook', 'credentialData', 'work'],
    ]);
    assert.doesNotMatch(JSON.stringify(preview), /token=abc/, 'the webhook query is not shown');

    // A real issuance with the same overrides: the exact values are the preview's, the labelled ones are not.
    const offer = await createOffer(admin, 'preview', fixture.profileId, { runtimeOverrides: { credentialData: overrides } });
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    const keys = (await (await fetch(`${platform.baseUrl}/issuers/preview/jwks`)).json()) as { keys: any[] };
    const { payload } = await verifySdJwtVc(result.credentials[0]!, keys, { iss: `${platform.baseUrl}/issuers/preview` });
    for (const exact of ['given_name', 'family_name', 'birthdate', 'address', 'issuer', 'branding'])
      assert.deepEqual(payload[exact], preview.credentialData[exact], exact);
    assert.match(payload.holder, /^did:jwk:/);
    assert.notEqual(payload.holder, preview.credentialData.holder);
    assert.deepEqual(payload.work, { employer: 'ACME' });
    assert.equal(employmentCalls().length, 1, 'the issuance, not the preview, called the webhook');
  });

  it('is for whoever may create offers on the issuer; refuses malformed input at the field', async () => {
    const fixture = await createSdJwtIssuer(admin, { issuerId: 'preview-roles' });
    const base = `/api/v1/issuers/preview-roles/profiles/${fixture.profileId}`;
    const key = async (roles: string[]) =>
      new AdminClient(
        platform.baseUrl,
        (await admin.post('/api/v1/api-keys', { name: roles.join(), roles, issuers: ['preview-roles'] })).body.key,
      );
    const viewer = await key(['viewer']);
    const offerManager = await key(['offer-manager']);

    const refused = await viewer.post(`${base}/preview`, {});
    assert.equal(refused.status, 403);
    assert.equal(refused.body.detail, 'requires offer-manager on preview-roles');
    assert.equal((await viewer.get(`${base}/versions`)).status, 200, 'viewers read versions');
    assert.equal((await offerManager.post(`${base}/preview`, {})).status, 200);
    assert.equal((await offerManager.request('POST', `${base}/preview`)).status, 200, 'the body may be left out');

    const unknown = await admin.post(`${base}/preview`, { credentialData: {}, mapping: {} });
    assert.equal(unknown.status, 400);
    const notObject = await admin.post(`${base}/preview`, { credentialData: 'x' });
    assert.equal(notObject.status, 400);
    assert.ok(
      notObject.body.errors.some((e: any) => e.path === 'credentialData'),
      JSON.stringify(notObject.body),
    );
    assert.equal((await admin.post('/api/v1/issuers/preview-roles/profiles/nope/preview', {})).status, 404);

    const audit = (await admin.get('/api/v1/audit?issuerId=preview-roles&limit=500')).body.items;
    assert.ok(
      audit.some((r: any) => r.action === 'profile.preview' && r.target.id === fixture.profileId && r.outcome === 'success'),
      'a preview is recorded (who looked at which profile)',
    );
  });
});
