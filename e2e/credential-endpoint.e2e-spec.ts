import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, SseReader, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer, credentialRequest, nonceRequest, preAuthorizedCodeOf, proofFor, tokenRequest } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';

/** API.md §12: several requests per token, deferred issuance and the notification endpoint. */
describe(`credential endpoint: several requests per token, deferred issuance, notifications (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let profileId: string;
  let deferredProfileId: string;
  const issuerId = 'endpoint';
  let audience: string;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    const fixture = await createSdJwtIssuer(admin, { issuerId, profile: { credentialStatus: { type: 'TokenStatusList' } } });
    profileId = fixture.profileId;
    audience = `${platform.baseUrl}/issuers/${issuerId}`;
    const deferred = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: 'Deferred identity',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: fixture.keyId,
      credentialData: { given_name: 'Pending', family_name: 'Review' },
      issuance: { mode: 'DEFERRED', interval: 2 },
    });
    assert.equal(deferred.status, 201, JSON.stringify(deferred.body));
    deferredProfileId = deferred.body.profileId;
  });
  after(async () => platform?.stop());

  const jwks = async () => (await (await fetch(`${audience}/jwks`)).json()) as { keys: any[] };
  const session = async (sessionId: string) => (await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`)).body;
  const events = (sessionId: string) =>
    new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/sessions/${sessionId}/events`, {
      authorization: `Bearer ${platform.adminKey}`,
    });

  async function redeem(profile = profileId, body: Record<string, unknown> = {}) {
    const offer = await createOffer(admin, issuerId, profile, body);
    const token = await tokenRequest(platform.baseUrl, issuerId, {
      'pre-authorized_code': await preAuthorizedCodeOf(offer.credentialOfferUri!),
    });
    assert.equal(token.status, 200);
    return { sessionId: offer.sessionId, token: token.body.access_token as string };
  }

  async function request(token: string) {
    const key = await new TestWallet().newHolderKey();
    const proof = await proofFor(key, audience, await nonceRequest(platform.baseUrl, issuerId));
    return credentialRequest(platform.baseUrl, issuerId, token, {
      credential_configuration_id: 'identity_sd_jwt',
      proofs: { jwt: [proof] },
    });
  }

  async function post(path: string, token: string, body: unknown) {
    const response = await fetch(`${audience}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  it('the metadata names the deferred and notification endpoints', async () => {
    const metadata = (await (await fetch(`${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/${issuerId}`)).json()) as any;
    assert.equal(metadata.deferred_credential_endpoint, `${audience}/deferred_credential`);
    assert.equal(metadata.notification_endpoint, `${audience}/notification`);
  });

  it('one access token makes several credential requests, each with new credentials and status entries; the session stays SUCCESSFUL', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const sse = events(offer.sessionId);
    const wallet = new TestWallet();
    const first = await wallet.preAuthorizedFlow(offer.credentialOffer);
    const issuerMetadata = await wallet.client.resolveIssuerMetadata(first.credentialIssuer);
    // The independent wallet library asks again with the same token and a fresh nonce.
    const again = async () => {
      const { c_nonce } = await wallet.client.requestNonce({ issuerMetadata });
      const key = await wallet.newHolderKey();
      const { jwt } = await wallet.client.createCredentialRequestJwtProof({
        issuerMetadata,
        credentialConfigurationId: 'identity_sd_jwt',
        nonce: c_nonce,
        issuedAt: new Date(),
        signer: { method: 'jwk', alg: key.alg, publicJwk: key.publicJwk as never },
      });
      const { credentialResponse } = await wallet.client.retrieveCredentials({
        issuerMetadata,
        credentialConfigurationId: 'identity_sd_jwt',
        proofs: { jwt: [jwt] },
        accessToken: first.accessToken,
      });
      return credentialResponse;
    };
    const second = await again();
    const third = await again();
    const credentials = [first.credentials[0], ...[second, third].map((r) => (r.credentials![0] as { credential: string }).credential)];
    assert.equal(new Set(credentials).size, 3);
    const indexes = new Set<number>();
    for (const credential of credentials) {
      const { payload } = await verifySdJwtVc(credential, await jwks(), { iss: audience });
      indexes.add((payload as any).status.status_list.idx);
    }
    assert.equal(indexes.size, 3, 'each credential has its own status entry');
    assert.ok(second.notification_id && third.notification_id && second.notification_id !== third.notification_id);

    const view = await session(offer.sessionId);
    assert.equal(view.status, 'SUCCESSFUL');
    assert.equal(view.credentials.length, 3);
    await sse.waitFor(
      (e) => e.event === 'credential_request_sd_jwt_vc_succeeded' && sse.events.filter((x) => x.event === e.event).length === 3,
    );
    assert.equal(sse.events.filter((e) => e.event === 'issuance_status_changed').length, 1, 'SUCCESSFUL is announced once');
    sse.close();
  });

  it('as the OIDF modules "happy flow with additional requests" and "skip notification": the token asks again with FAPI and Accept variants, every answer 200 no-store', async () => {
    const { sessionId, token } = await redeem();
    const variants: Record<string, string>[] = [
      {},
      { 'x-fapi-customer-ip-address': '2001:db8::1222:1111', accept: 'application/json; charset=UTF-8', 'accept-charset': 'utf-8' },
      { accept: 'application/json, application/*+json, */*' },
    ];
    for (const headers of variants) {
      const key = await new TestWallet().newHolderKey();
      const proof = await proofFor(key, audience, await nonceRequest(platform.baseUrl, issuerId));
      const response = await fetch(`${audience}/credential`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ credential_configuration_id: 'identity_sd_jwt', proofs: { jwt: [proof] } }),
      });
      const label = JSON.stringify(headers);
      assert.equal(response.status, 200, label);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/, label);
      assert.match(response.headers.get('cache-control') ?? '', /no-store/, label);
      const body = (await response.json()) as { credentials: { credential: string }[] };
      await verifySdJwtVc(body.credentials[0]!.credential, await jwks(), { iss: audience });
    }
    const view = await session(sessionId);
    assert.equal(view.status, 'SUCCESSFUL', 'no notification is needed to end the issuance');
    assert.equal(view.credentials.length, 3);
    assert.ok(view.credentials.every((c: { notification?: unknown }) => c.notification === undefined));
  });

  it('a c_nonce used once is invalid_nonce with the same access token and in another session', async () => {
    const key = await new TestWallet().newHolderKey();
    const nonce = await nonceRequest(platform.baseUrl, issuerId);
    const body = async () => ({ credential_configuration_id: 'identity_sd_jwt', proofs: { jwt: [await proofFor(key, audience, nonce)] } });
    const a = await redeem();
    const b = await redeem();
    assert.equal((await credentialRequest(platform.baseUrl, issuerId, a.token, await body())).status, 200);
    const again = await credentialRequest(platform.baseUrl, issuerId, a.token, await body());
    assert.equal(again.status, 400, 'the same token may ask again, but only with a fresh c_nonce');
    assert.equal(again.body.error, 'invalid_nonce');
    const view = await session(a.sessionId);
    assert.equal(view.status, 'SUCCESSFUL');
    assert.equal(view.credentials.length, 1, 'the refused request issued nothing');
    const reused = await credentialRequest(platform.baseUrl, issuerId, b.token, await body());
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_nonce');
    assert.equal((await session(b.sessionId)).status, 'ACTIVE', 'a refused request leaves the session as it was');
  });

  it('notifications: the independent wallet reports credential_accepted; the credential records it and notification_received is emitted', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const sse = events(offer.sessionId);
    const wallet = new TestWallet();
    const { credentialResponse, issuerMetadata, accessToken } = await (async () => {
      const result = await wallet.preAuthorizedFlow(offer.credentialOffer);
      const metadata = await wallet.client.resolveIssuerMetadata(result.credentialIssuer);
      // The flow helper keeps only the credentials; ask once more to read the whole response.
      const { c_nonce } = await wallet.client.requestNonce({ issuerMetadata: metadata });
      const key = await wallet.newHolderKey();
      const { jwt } = await wallet.client.createCredentialRequestJwtProof({
        issuerMetadata: metadata,
        credentialConfigurationId: 'identity_sd_jwt',
        nonce: c_nonce,
        issuedAt: new Date(),
        signer: { method: 'jwk', alg: key.alg, publicJwk: key.publicJwk as never },
      });
      const response = await wallet.client.retrieveCredentials({
        issuerMetadata: metadata,
        credentialConfigurationId: 'identity_sd_jwt',
        proofs: { jwt: [jwt] },
        accessToken: result.accessToken,
      });
      return { ...response, issuerMetadata: metadata, accessToken: result.accessToken };
    })();
    const notificationId = credentialResponse.notification_id!;
    await wallet.client.sendNotification({ issuerMetadata, accessToken, notification: { notificationId, event: 'credential_accepted' } });
    const received = await sse.waitFor((e) => e.event === 'notification_received');
    assert.equal(received.data.data.event, 'credential_accepted');
    assert.equal(received.data.data.credentialIds.length, 1);
    const view = await session(offer.sessionId);
    const notified = view.credentials.filter((c: any) => c.notification);
    assert.equal(notified.length, 1, 'only the credential of that response records it');
    assert.equal(notified[0].notification.event, 'credential_accepted');
    assert.ok(!Number.isNaN(Date.parse(notified[0].notification.at)));

    // Idempotent: the same call again is 204 and records nothing new.
    const repeat = await post('notification', accessToken, { notification_id: notificationId, event: 'credential_accepted' });
    assert.equal(repeat.status, 204);
    const deleted = await post('notification', accessToken, {
      notification_id: notificationId,
      event: 'credential_deleted',
      event_description: 'the user removed it',
      unknown_field: 'ignored',
    });
    assert.equal(deleted.status, 204);
    await sse.waitFor((e) => e.event === 'notification_received' && e.data.data.event === 'credential_deleted');
    assert.equal(sse.events.filter((e) => e.event === 'notification_received').length, 2);
    assert.equal((await session(offer.sessionId)).status, 'SUCCESSFUL');
    sse.close();
  });

  it('notification errors: unknown id → invalid_notification_id; malformed → invalid_notification_request; no token → 401', async () => {
    const { token } = await redeem();
    const issued = await request(token);
    assert.equal(issued.status, 200);
    const other = await redeem();
    const foreign = await post('notification', other.token, { notification_id: issued.body.notification_id, event: 'credential_accepted' });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error, 'invalid_notification_id', 'a notification id of another token is unknown to this one');
    assert.equal(
      (await post('notification', token, { notification_id: 'nope', event: 'credential_accepted' })).body.error,
      'invalid_notification_id',
    );
    for (const body of [
      {},
      { notification_id: issued.body.notification_id },
      { notification_id: issued.body.notification_id, event: 'credential_lost' },
      { notification_id: 42, event: 'credential_accepted' },
      { notification_id: issued.body.notification_id, event: 'credential_accepted', event_description: 'quote " inside' },
      [],
    ]) {
      const answer = await post('notification', token, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error, 'invalid_notification_request', JSON.stringify(body));
    }
    const anonymous = await fetch(`${audience}/notification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notification_id: issued.body.notification_id, event: 'credential_accepted' }),
    });
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/);
  });

  it('credential_failure ends the session UNSUCCESSFUL; the token then issues nothing more', async () => {
    const { sessionId, token } = await redeem();
    const issued = await request(token);
    assert.equal(issued.status, 200);
    const failed = await post('notification', token, {
      notification_id: issued.body.notification_id,
      event: 'credential_failure',
      event_description: 'signature check failed',
    });
    assert.equal(failed.status, 204);
    const view = await session(sessionId);
    assert.equal(view.status, 'UNSUCCESSFUL');
    assert.equal(view.credentials[0].notification.event, 'credential_failure');
    const more = await request(token);
    assert.equal(more.status, 401);
    assert.equal(more.body.error, 'invalid_token');
  });

  it('deferred issuance: 202 with transaction_id, polls are 202 until the operator supplies the data, then 200 once', async () => {
    const { sessionId, token } = await redeem(deferredProfileId);
    const sse = events(sessionId);
    const accepted = await request(token);
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.equal(typeof accepted.body.transaction_id, 'string');
    assert.equal(accepted.body.interval, 2);
    assert.equal(accepted.body.credentials, undefined);
    assert.equal(accepted.body.notification_id, undefined, 'no notification_id with a 202');

    // The independent wallet library polls while it is pending.
    const wallet = new TestWallet();
    const issuerMetadata = await wallet.client.resolveIssuerMetadata(audience);
    const pending = await wallet.client.retrieveDeferredCredentials({
      issuerMetadata,
      accessToken: token,
      transactionId: accepted.body.transaction_id,
    });
    assert.equal(pending.deferredCredentialResponse.transaction_id, accepted.body.transaction_id);
    assert.equal(pending.deferredCredentialResponse.interval, 2);
    assert.equal((await session(sessionId)).status, 'ACTIVE');

    const approve = await admin.post(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/credential-data`, {
      approve: true,
      credentialData: { given_name: 'Approved', address: { country: 'AT' } },
    });
    assert.equal(approve.status, 204, JSON.stringify(approve.body));
    const again = await admin.post(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/credential-data`, { approve: true });
    assert.equal(again.status, 409, 'nothing is pending any more');

    const delivered = await post('deferred_credential', token, { transaction_id: accepted.body.transaction_id });
    assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
    assert.equal(typeof delivered.body.notification_id, 'string');
    const { claims } = await verifySdJwtVc(delivered.body.credentials[0].credential, await jwks(), { iss: audience });
    assert.equal(claims.given_name, 'Approved', 'the supplied data is deep-merged');
    assert.equal(claims.family_name, 'Review', 'the profile data stays');
    assert.equal(claims.address?.country, 'AT');

    const replay = await post('deferred_credential', token, { transaction_id: accepted.body.transaction_id });
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_transaction_id', 'a transaction is delivered once');
    const view = await session(sessionId);
    assert.equal(view.status, 'SUCCESSFUL');
    assert.equal(view.credentials.length, 1);
    await sse.waitFor((e) => e.event === 'deferred_credential_request_succeeded');
    const acceptedEvent = await sse.waitFor((e) => e.event === 'credential_request_sd_jwt_vc_succeeded');
    assert.equal(acceptedEvent.data.data.deferred, true);
    await sse.waitFor((e) => e.event === 'deferred_credential_request_failed' && e.data.error === 'invalid_transaction_id');
    sse.close();
  });

  it('deferred issuance refused: polls get credential_request_denied and the session is UNSUCCESSFUL; unknown ids are invalid_transaction_id', async () => {
    const { sessionId, token } = await redeem(profileId, { runtimeOverrides: { issuance: { mode: 'DEFERRED' } } });
    const accepted = await request(token);
    assert.equal(accepted.status, 202, 'runtimeOverrides.issuance defers one offer of an immediate profile');
    assert.equal(accepted.body.interval, 5, 'the default interval');
    const refuseWithData = await admin.post(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/credential-data`, {
      approve: false,
      credentialData: { x: 1 },
    });
    assert.equal(refuseWithData.status, 400);
    assert.equal(refuseWithData.body.errors[0].path, 'credentialData');
    assert.equal((await admin.post(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/credential-data`, {})).status, 400);
    assert.equal((await admin.post(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/credential-data`, { approve: false })).status, 204);
    for (let i = 0; i < 2; i++) {
      const denied = await post('deferred_credential', token, { transaction_id: accepted.body.transaction_id });
      assert.equal(denied.status, 400);
      assert.equal(denied.body.error, 'credential_request_denied');
    }
    assert.equal((await session(sessionId)).status, 'UNSUCCESSFUL');
    assert.equal((await post('deferred_credential', token, { transaction_id: 'unknown' })).body.error, 'invalid_transaction_id');
    const malformed = await post('deferred_credential', token, {});
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error, 'invalid_credential_request');
    const unknownSession = await admin.post(`/api/v1/issuers/${issuerId}/sessions/no-such-session/credential-data`, { approve: true });
    assert.equal(unknownSession.status, 404);
  });

  it('a pending transaction expires: polls are invalid_transaction_id and the operator can no longer approve', async () => {
    const { sessionId, token } = await redeem(profileId, { runtimeOverrides: { issuance: { mode: 'DEFERRED', expiresIn: '1s' } } });
    const accepted = await request(token);
    assert.equal(accepted.status, 202);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const expired = await post('deferred_credential', token, { transaction_id: accepted.body.transaction_id });
    assert.equal(expired.status, 400);
    assert.equal(expired.body.error, 'invalid_transaction_id');
    assert.equal((await admin.post(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/credential-data`, { approve: true })).status, 409);
  });

  it('a malformed body gets the code the endpoint defines: invalid_credential_request, invalid_notification_request', async () => {
    const { token } = await redeem();
    const raw = (path: string, body: string, type = 'application/json') =>
      fetch(`${audience}/${path}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body });
    for (const [path, code] of [
      ['credential', 'invalid_credential_request'],
      ['deferred_credential', 'invalid_credential_request'],
      ['notification', 'invalid_notification_request'],
    ]) {
      const broken = await raw(path, '{"credential_configuration_id":');
      assert.equal(broken.status, 400, path);
      assert.equal(((await broken.json()) as any).error, code, path);
      const notJson = await raw(path, 'credential_configuration_id=x', 'text/plain');
      assert.ok(notJson.status >= 400 && notJson.status < 500, path);
      assert.equal(((await notJson.json()) as any).error, code, `${path} as text/plain`);
    }
    const wrongShape = await credentialRequest(platform.baseUrl, issuerId, token, ['identity_sd_jwt']);
    assert.equal(wrongShape.body.error, 'invalid_credential_request');
    for (const [path, code] of [
      ['credential', 'invalid_credential_request'],
      ['deferred_credential', 'invalid_credential_request'],
      ['notification', 'invalid_notification_request'],
    ]) {
      const unknownIssuer = await fetch(`${platform.baseUrl}/issuers/no-such-issuer/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ transaction_id: 'x', notification_id: 'x', event: 'credential_accepted' }),
      });
      assert.equal(unknownIssuer.status, 404, path);
      assert.equal(((await unknownIssuer.json()) as any).error, code, `unknown issuer at ${path}`);
    }
  });

  it('a profile with a malformed issuance.expiresIn is refused naming the field', async () => {
    const answer = await admin.post(`/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
      runtimeOverrides: { issuance: { mode: 'DEFERRED', expiresIn: 'soon' } },
    });
    assert.equal(answer.status, 400);
    assert.match(JSON.stringify(answer.body.errors), /issuance\.expiresIn/);
  });
});
