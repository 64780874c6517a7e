import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, SseReader, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer, credentialRequest, nonceRequest, preAuthorizedCodeOf, proofFor, tokenRequest } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`protocol security and error codes (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let profileId: string;
  const issuerId = 'secure';
  let audience: string;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    profileId = (await createSdJwtIssuer(admin, { issuerId })).profileId;
    audience = `${platform.baseUrl}/issuers/${issuerId}`;
  });
  after(async () => platform?.stop());

  /** An offer redeemed by hand: returns the access token. */
  async function accessToken(): Promise<string> {
    const offer = await createOffer(admin, issuerId, profileId);
    const token = await tokenRequest(platform.baseUrl, issuerId, {
      'pre-authorized_code': await preAuthorizedCodeOf(offer.credentialOfferUri!),
    });
    assert.equal(token.status, 200);
    return token.body.access_token;
  }

  it('a pre-authorized code is single-use: a replay is invalid_grant', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const code = await preAuthorizedCodeOf(offer.credentialOfferUri!);
    const first = await tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': code });
    assert.equal(first.status, 200);
    assert.equal(first.body.token_type, 'Bearer');
    const replay = await tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': code });
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    const unknown = await tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': 'not-a-code' });
    assert.equal(unknown.body.error, 'invalid_grant');
  });

  it('concurrent redemptions of one code: exactly one succeeds', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const code = await preAuthorizedCodeOf(offer.credentialOfferUri!);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': code })),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.deepEqual(
      results.filter((r) => r.status !== 200).map((r) => r.body.error),
      Array(5).fill('invalid_grant'),
    );
  });

  it('a wrong tx_code is invalid_grant, does not consume the code, and emits a failure event', async () => {
    const offer = await createOffer(admin, issuerId, profileId, { txCode: { length: 4 }, txCodeValue: '1234' });
    const sse = new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/events`, {
      authorization: `Bearer ${platform.adminKey}`,
    });
    const code = await preAuthorizedCodeOf(offer.credentialOfferUri!);
    const wrong = await tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': code, tx_code: '9999' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_grant');
    const failure = await sse.waitFor((e) => e.event === 'token_request_pre_authorized_code_failed');
    assert.equal(failure.data.error, 'invalid_grant');
    sse.close();
    const missing = await tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': code });
    assert.equal(missing.body.error, 'invalid_request', 'tx_code missing when required');
    const right = await new TestWallet().preAuthorizedFlow(offer.credentialOffer, { txCode: '1234' });
    assert.equal(right.credentials.length, 1, 'the correct tx_code still works after a wrong one');
  });

  it('locks the code after 5 wrong tx_codes, even for the right one', async () => {
    const offer = await createOffer(admin, issuerId, profileId, { txCode: { length: 4 }, txCodeValue: '4321' });
    const code = await preAuthorizedCodeOf(offer.credentialOfferUri!);
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (await tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': code, tx_code: `000${i}` })).body.error,
        'invalid_grant',
      );
    }
    const right = await tokenRequest(platform.baseUrl, issuerId, { 'pre-authorized_code': code, tx_code: '4321' });
    assert.equal(right.status, 400);
    assert.equal(right.body.error, 'invalid_grant');
    assert.match(right.body.error_description, /locked/);
    assert.equal((await admin.get(`/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}`)).body.status, 'UNSUCCESSFUL');
  });

  it('a tx_code sent for an offer without one is invalid_request; an unknown grant is unsupported_grant_type', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const sent = await tokenRequest(platform.baseUrl, issuerId, {
      'pre-authorized_code': await preAuthorizedCodeOf(offer.credentialOfferUri!),
      tx_code: '1',
    });
    assert.equal(sent.body.error, 'invalid_request');
    const grant = await tokenRequest(platform.baseUrl, issuerId, { grant_type: 'password' });
    assert.equal(grant.body.error, 'unsupported_grant_type');
  });

  it('a nonce is single-use: a second credential request with it is invalid_nonce', async () => {
    const wallet = new TestWallet();
    const key = await wallet.newHolderKey();
    const nonce = await nonceRequest(platform.baseUrl, issuerId);
    const first = await credentialRequest(platform.baseUrl, issuerId, await accessToken(), {
      credential_configuration_id: 'identity_sd_jwt',
      proofs: { jwt: [await proofFor(key, audience, nonce)] },
    });
    assert.equal(first.status, 200);
    assert.ok(first.headers.get('date'), 'a credential response carries a Date header');
    const second = await credentialRequest(platform.baseUrl, issuerId, await accessToken(), {
      credential_configuration_id: 'identity_sd_jwt',
      proofs: { jwt: [await proofFor(key, audience, nonce)] },
    });
    assert.equal(second.status, 400);
    assert.equal(second.body.error, 'invalid_nonce');
    const forged = await credentialRequest(platform.baseUrl, issuerId, await accessToken(), {
      credential_configuration_id: 'identity_sd_jwt',
      proofs: { jwt: [await proofFor(key, audience, 'made-up-nonce')] },
    });
    assert.equal(forged.body.error, 'invalid_nonce');
  });

  it('concurrent credential requests with one nonce: exactly one succeeds', async () => {
    const key = await new TestWallet().newHolderKey();
    const nonce = await nonceRequest(platform.baseUrl, issuerId);
    const proof = await proofFor(key, audience, nonce);
    const tokens = await Promise.all(Array.from({ length: 4 }, () => accessToken()));
    const results = await Promise.all(
      tokens.map((token) =>
        credentialRequest(platform.baseUrl, issuerId, token, { credential_configuration_id: 'identity_sd_jwt', proofs: { jwt: [proof] } }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.deepEqual(
      results.filter((r) => r.status !== 200).map((r) => r.body.error),
      Array(3).fill('invalid_nonce'),
    );
  });

  it('concurrent credential requests with one access token and fresh nonces both issue (OID4VCI 1.0 §8: several requests per token)', async () => {
    const key = await new TestWallet().newHolderKey();
    const token = await accessToken();
    const proofs = await Promise.all([0, 1, 2, 3].map(async () => proofFor(key, audience, await nonceRequest(platform.baseUrl, issuerId))));
    // Sent together, the requests are likely to share one database round trip (requests are batched).
    const results = await Promise.all(
      proofs.map((proof) =>
        credentialRequest(platform.baseUrl, issuerId, token, { credential_configuration_id: 'identity_sd_jwt', proofs: { jwt: [proof] } }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200, 200, 200],
      JSON.stringify(results.map((r) => r.body)),
    );
    assert.equal(new Set(results.map((r) => r.body.credentials[0].credential as string)).size, 4, 'each request issues its own credential');
  });

  it('rejects bad proofs (wrong aud, old iat, wrong typ, private key in header) with invalid_proof', async () => {
    const key = await new TestWallet().newHolderKey();
    const token = await accessToken();
    const cases = [
      { name: 'wrong aud', payload: { aud: 'https://elsewhere.example' } },
      { name: 'old iat', payload: { iat: Math.floor(Date.now() / 1000) - 3600 } },
      { name: 'wrong typ', header: { typ: 'JWT' } },
      { name: 'private key in jwk', header: { jwk: { ...key.publicJwk, d: 'AAAA' } } },
    ];
    for (const c of cases) {
      const proof = await proofFor(key, audience, await nonceRequest(platform.baseUrl, issuerId), c);
      const response = await credentialRequest(platform.baseUrl, issuerId, token, {
        credential_configuration_id: 'identity_sd_jwt',
        proofs: { jwt: [proof] },
      });
      assert.equal(response.status, 400, c.name);
      assert.equal(response.body.error, 'invalid_proof', c.name);
    }
    const missing = await credentialRequest(platform.baseUrl, issuerId, token, { credential_configuration_id: 'identity_sd_jwt' });
    assert.equal(missing.body.error, 'invalid_proof', 'proofs missing');
    // The failures above were retryable: the same token still gets a credential with a good proof.
    const good = await credentialRequest(platform.baseUrl, issuerId, token, {
      credential_configuration_id: 'identity_sd_jwt',
      proofs: { jwt: [await proofFor(key, audience, await nonceRequest(platform.baseUrl, issuerId))] },
    });
    assert.equal(good.status, 200);
  });

  it('answers request errors with the OID4VCI codes', async () => {
    const token = await accessToken();
    const unknown = await credentialRequest(platform.baseUrl, issuerId, token, {
      credential_configuration_id: 'nope',
      proofs: { jwt: ['x'] },
    });
    assert.equal(unknown.body.error, 'unknown_credential_configuration');
    const legacy = await credentialRequest(platform.baseUrl, issuerId, token, {
      credential_configuration_id: 'identity_sd_jwt',
      proof: { proof_type: 'jwt', jwt: 'x' },
    });
    assert.equal(legacy.body.error, 'invalid_credential_request');
    const noToken = await credentialRequest(platform.baseUrl, issuerId, 'invalid-token', {
      credential_configuration_id: 'identity_sd_jwt',
    });
    assert.equal(noToken.status, 401);
    assert.equal(noToken.body.error, 'invalid_token');
    assert.match(noToken.headers.get('www-authenticate') ?? '', /^Bearer/);
    const offer = await fetch(`${platform.baseUrl}/issuers/${issuerId}/offers/00000000-0000-4000-8000-000000000000`);
    assert.equal(offer.status, 404);
    assert.equal(((await offer.json()) as { error: string }).error, 'invalid_request');
  });

  it('requires the admin key (401 problem+json with WWW-Authenticate)', async () => {
    for (const key of [undefined, 'wrong-key-wrong-key']) {
      const response = await new AdminClient(platform.baseUrl, key).get('/api/v1/issuers');
      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.equal(response.body.status, 401);
    }
  });
});
