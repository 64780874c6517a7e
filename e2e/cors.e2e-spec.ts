import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const WALLET = 'https://wallet.example';
const OTHER = 'https://elsewhere.example';

/** Names of the CORS headers of an answer (none at all is what "no CORS" means). */
const corsHeaderNames = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
const listOf = (value: string | null) => (value ?? '').split(',').map((item) => item.trim().toLowerCase());

describe(`CORS for browser wallets (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let fixture: Awaited<ReturnType<typeof createSdJwtIssuer>>;
  const issuerId = 'cors-acme';
  const issuerUrl = () => `${platform.baseUrl}/issuers/${issuerId}`;

  before(async () => {
    platform = await startTarget({ CORS_ALLOWED_ORIGINS: WALLET });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    fixture = await createSdJwtIssuer(admin, { issuerId, profile: { credentialStatus: { type: 'TokenStatusList' } } });
  });
  after(async () => platform?.stop());

  it('answers the preflight of the credential endpoint from a configured origin with what a wallet sends', async () => {
    const response = await fetch(`${issuerUrl()}/credential`, {
      method: 'OPTIONS',
      headers: {
        origin: WALLET,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,dpop',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), WALLET);
    assert.ok(listOf(response.headers.get('vary')).includes('origin'));
    assert.ok(listOf(response.headers.get('access-control-allow-methods')).includes('post'));
    const allowed = listOf(response.headers.get('access-control-allow-headers'));
    for (const header of ['authorization', 'dpop', 'content-type', 'oauth-client-attestation', 'oauth-client-attestation-pop'])
      assert.ok(allowed.includes(header), `${header} in ${allowed.join(', ')}`);
    assert.equal(response.headers.get('access-control-allow-credentials'), null, 'credentials are never allowed');
    for (const endpoint of ['token', 'nonce', 'deferred_credential', 'notification', 'par']) {
      const other = await fetch(`${issuerUrl()}/${endpoint}`, {
        method: 'OPTIONS',
        headers: { origin: WALLET, 'access-control-request-method': 'POST', 'access-control-request-headers': 'dpop' },
      });
      assert.equal(other.status, 204, endpoint);
      assert.equal(other.headers.get('access-control-allow-origin'), WALLET, endpoint);
    }
  });

  it('serves the public documents to any origin', async () => {
    const offer = await createOffer(admin, issuerId, fixture.profileId);
    assert.ok(offer.credentialOfferUri, 'the offer has a credential_offer_uri');
    const didWeb = await admin.post('/api/v1/dids', { method: 'web', keyId: fixture.keyId, path: 'cors-wallet' });
    assert.equal(didWeb.status, 201, JSON.stringify(didWeb.body));
    const documents = [
      `${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/${issuerId}`,
      `${issuerUrl()}/.well-known/openid-credential-issuer`,
      `${platform.baseUrl}/.well-known/oauth-authorization-server/issuers/${issuerId}`,
      `${platform.baseUrl}/.well-known/jwt-vc-issuer/issuers/${issuerId}`,
      `${issuerUrl()}/jwks`,
      `${issuerUrl()}/types/identity_sd_jwt`,
      offer.credentialOfferUri,
      `${platform.baseUrl}/dids/cors-wallet/did.json`,
    ];
    for (const url of documents) {
      const response = await fetch(url, { headers: { origin: OTHER } });
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', url);
      assert.ok(listOf(response.headers.get('access-control-expose-headers')).includes('etag'), url);
    }
    // A revalidation (If-None-Match is not a safelisted header) is preflighted; the 304 is readable too.
    const preflight = await fetch(documents[0], {
      method: 'OPTIONS',
      headers: { origin: OTHER, 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.ok(listOf(preflight.headers.get('access-control-allow-headers')).includes('if-none-match'));
    const etag = (await fetch(documents[0])).headers.get('etag')!;
    const notModified = await fetch(documents[0], { headers: { origin: OTHER, 'if-none-match': etag } });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.headers.get('access-control-allow-origin'), '*');
  });

  it('puts CORS on error answers of the wallet endpoints: the 401 challenge of /credential and a 400 of /token are readable', async () => {
    const credential = await fetch(`${issuerUrl()}/credential`, {
      method: 'POST',
      headers: { origin: WALLET, 'content-type': 'application/json' },
      body: JSON.stringify({ credential_configuration_id: 'identity_sd_jwt' }),
    });
    assert.equal(credential.status, 401);
    assert.match(credential.headers.get('www-authenticate') ?? '', /^(Bearer|DPoP)\b/);
    assert.equal(credential.headers.get('access-control-allow-origin'), WALLET);
    const exposed = listOf(credential.headers.get('access-control-expose-headers'));
    for (const header of ['www-authenticate', 'dpop-nonce', 'retry-after', 'date']) assert.ok(exposed.includes(header), header);

    const token = await fetch(`${issuerUrl()}/token`, {
      method: 'POST',
      headers: { origin: WALLET, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': 'nope' }),
    });
    assert.equal(token.status, 400);
    assert.equal(((await token.json()) as { error: string }).error, 'invalid_grant');
    assert.equal(token.headers.get('access-control-allow-origin'), WALLET);
  });

  it('gives an origin that is not configured no allow-origin on the wallet endpoints', async () => {
    const preflight = await fetch(`${issuerUrl()}/token`, {
      method: 'OPTIONS',
      headers: { origin: OTHER, 'access-control-request-method': 'POST', 'access-control-request-headers': 'dpop' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.equal(preflight.headers.get('access-control-allow-headers'), null);
    const nonce = await fetch(`${issuerUrl()}/nonce`, { method: 'POST', headers: { origin: OTHER } });
    assert.equal(nonce.status, 200, 'the request itself is served: CORS only decides what a browser page may read');
    assert.equal(nonce.headers.get('access-control-allow-origin'), null);
    assert.ok(listOf(nonce.headers.get('vary')).includes('origin'));
    const allowed = await fetch(`${issuerUrl()}/nonce`, { method: 'POST', headers: { origin: WALLET } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), WALLET);
  });

  it('never answers the admin API with CORS (CORS_ADMIN_ALLOWED_ORIGINS is not set)', async () => {
    for (const origin of [WALLET, OTHER]) {
      const get = await fetch(`${platform.baseUrl}/api/v1/issuers/${issuerId}`, {
        headers: { origin, authorization: `Bearer ${platform.adminKey}` },
      });
      assert.equal(get.status, 200);
      assert.deepEqual(corsHeaderNames(get), []);
      const unauthorized = await fetch(`${platform.baseUrl}/api/v1/issuers`, { headers: { origin } });
      assert.equal(unauthorized.status, 401);
      assert.deepEqual(corsHeaderNames(unauthorized), []);
      const preflight = await fetch(`${platform.baseUrl}/api/v1/issuers`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
      assert.notEqual(preflight.status, 204);
      assert.deepEqual(corsHeaderNames(preflight), []);
    }
  });

  it('serves status lists to any origin, ETag readable', async () => {
    const offer = await createOffer(admin, issuerId, fixture.profileId);
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    const jwks = (await (await fetch(`${issuerUrl()}/jwks`)).json()) as { keys: any[] };
    const { payload } = await verifySdJwtVc(result.credentials[0], jwks, { iss: issuerUrl() });
    const uri: string = payload.status.status_list.uri;
    const list = await fetch(uri, { headers: { origin: OTHER } });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('access-control-allow-origin'), '*');
    assert.ok(listOf(list.headers.get('access-control-expose-headers')).includes('etag'));
    assert.ok(listOf(list.headers.get('vary')).includes('accept'), 'the list keeps its own Vary');
  });
});
