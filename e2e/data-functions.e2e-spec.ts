import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`data functions applied before signing, with outbound webhooks (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let source: Server;
  let sourceUrl: string;
  const calls: string[] = [];

  before(async () => {
    source = createServer((req, res) => {
      calls.push(req.url ?? '');
      if (req.url === '/person') res.setHeader('content-type', 'application/json').end('{"given_name":"Erika","nationalities":["DE"]}');
      else if (req.url === '/name') res.end('Mustermann');
      else res.writeHead(503).end('down for maintenance');
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

  it('fills the credential from <webhook-json>, <webhook>, <uuid>, <last>, timestamps and <display>', async () => {
    const fixture = await createSdJwtIssuer(admin, {
      issuerId: 'functions',
      profile: {
        credentialData: { address: { country: 'DE' } },
        selectiveDisclosure: undefined,
        mapping: {
          person: `<webhook-json:${sourceUrl}/person>`,
          family_name: `<webhook:${sourceUrl}/name>`,
          credential_id: '<uuid>',
          'jwt:jti': '<last:uuid>',
          issued_at: '<timestamp>',
          renew_after: '<timestamp-in:30d>',
          branding: '<display>',
        },
      },
    });
    const offer = await createOffer(admin, 'functions', fixture.profileId);
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    const keys = (await (await fetch(`${platform.baseUrl}/issuers/functions/jwks`)).json()) as { keys: any[] };
    const { payload } = await verifySdJwtVc(result.credentials[0]!, keys, { iss: `${platform.baseUrl}/issuers/functions` });
    assert.deepEqual(payload.person, { given_name: 'Erika', nationalities: ['DE'] });
    assert.equal(payload.family_name, 'Mustermann');
    assert.match(payload.credential_id, /^urn:uuid:/);
    assert.equal(payload.jti, payload.credential_id, '<last:uuid> repeats the earlier value');
    assert.equal(Date.parse(payload.renew_after) - Date.parse(payload.issued_at), 30 * 24 * 3600 * 1000);
    assert.deepEqual(payload.branding, [{ name: 'Identity', locale: 'en' }]);
    assert.equal(payload.address.country, 'DE');
  });

  it('a failing webhook ends the session UNSUCCESSFUL with the reason, and the wallet gets credential_request_denied', async () => {
    const fixture = await createSdJwtIssuer(admin, {
      issuerId: 'failing',
      profile: { mapping: { person: `<webhook-json:${sourceUrl}/broken?apiKey=s3cret>` } },
    });
    const offer = await createOffer(admin, 'failing', fixture.profileId);
    await assert.rejects(new TestWallet().preAuthorizedFlow(offer.credentialOffer), (error: Error) =>
      JSON.stringify(error, Object.getOwnPropertyNames(error)).includes('credential_request_denied'),
    );
    const session = await admin.get(`/api/v1/issuers/failing/sessions/${offer.sessionId}`);
    assert.equal(session.body.status, 'UNSUCCESSFUL');
    assert.match(session.body.statusReason, /\/broken/);
    assert.doesNotMatch(session.body.statusReason, /maintenance/, 'the remote body is never echoed');
    assert.doesNotMatch(session.body.statusReason, /s3cret/, 'nor the query of the URL, which may carry credentials');
  });

  it('refuses at configuration time a webhook host the SSRF guard would refuse (400 naming mapping)', async () => {
    await createSdJwtIssuer(admin, { issuerId: 'guarded' });
    const key = await admin.post('/api/v1/keys', { type: 'secp256r1' });
    const response = await admin.post('/api/v1/issuers/guarded/profiles', {
      name: 'x',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: key.body.keyId,
      mapping: { meta: '<webhook-json:http://169.254.169.254/latest/meta-data>' },
    });
    assert.equal(response.status, 400);
    assert.ok(
      response.body.errors.some((e: { path: string; message: string }) => e.path === 'mapping' && e.message.includes('169.254.169.254')),
    );
    assert.ok(!calls.some((c) => c.includes('meta-data')));
  });
});
