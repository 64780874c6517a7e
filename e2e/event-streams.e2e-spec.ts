import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, SseReader, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`server-sent event streams (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let profileId: string;
  const issuerId = 'streams';
  const auth = () => ({ authorization: `Bearer ${platform.adminKey}` });

  before(async () => {
    platform = await startTarget({ SSE_HEARTBEAT_INTERVAL: '1s' });
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    profileId = (await createSdJwtIssuer(admin, { issuerId })).profileId;
  });
  after(async () => platform?.stop());

  it('the issuer stream carries every session and the session-less nonce events, live', async () => {
    const stream = new SseReader(`${platform.edges[platform.edges.length - 1]}/api/v1/issuers/${issuerId}/events`, auth());
    assert.equal(await stream.status, 200);
    const first = await createOffer(admin, issuerId, profileId);
    const second = await createOffer(admin, issuerId, profileId);
    await new TestWallet().preAuthorizedFlow(first.credentialOffer);
    await stream.waitFor((e) => e.event === 'issuance_status_changed' && e.data.sessionId === first.sessionId);
    await stream.waitFor((e) => e.event === 'credential_offer_created' && e.data.sessionId === second.sessionId);
    const nonce = await stream.waitFor((e) => e.event === 'nonce_request_succeeded');
    assert.equal(nonce.data.sessionId, undefined, 'nonce events belong to no session');
    stream.close();
  });

  it('resumes with Last-Event-ID without loss or repetition', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const stream = new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/events`, auth());
    const created = await stream.waitFor((e) => e.event === 'credential_offer_created');
    stream.close();
    // While nobody listens, the session moves on.
    await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    const resumed = new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/events`, { ...auth(), 'last-event-id': created.id! });
    await resumed.waitFor((e) => e.event === 'issuance_status_changed' && e.data.sessionId === offer.sessionId);
    resumed.close();
    const mine = resumed.events.filter((e) => e.data.sessionId === offer.sessionId).map((e) => e.event);
    assert.deepEqual(mine, [
      'credential_offer_retrieved',
      'token_request_pre_authorized_code_succeeded',
      'credential_request_sd_jwt_vc_succeeded',
      'issuance_status_changed',
    ]);
    assert.equal(new Set(resumed.events.map((e) => e.id)).size, resumed.events.length, 'no event twice');
  });

  it('sends comment heartbeats on an idle stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${platform.baseUrl}/api/v1/issuers/${issuerId}/events`, { headers: auth(), signal: controller.signal });
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of response.body!) {
      text += decoder.decode(chunk, { stream: true });
      if (text.includes(': keep-alive\n\n')) break;
    }
    controller.abort();
    assert.ok(text.startsWith(': connected\n\n'));
    assert.match(text, /\n\n: keep-alive\n\n$/, 'a comment frame, invisible to EventSource');
  });

  it('opens one stream with a short-lived stream token instead of the admin key (EventSource)', async () => {
    const offer = await createOffer(admin, issuerId, profileId);
    const issued = await admin.post(`/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/events/token`, {});
    assert.equal(issued.status, 200);
    assert.ok(issued.body.expiresIn > 0 && issued.body.expiresIn <= 3600);
    const token = encodeURIComponent(issued.body.token);
    const stream = new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/events?token=${token}`, {});
    assert.equal(await stream.status, 200);
    await stream.waitFor((e) => e.event === 'credential_offer_created' && e.data.sessionId === offer.sessionId);
    stream.close();

    const other = await createOffer(admin, issuerId, profileId);
    for (const url of [
      `/api/v1/issuers/${issuerId}/events?token=${token}`,
      `/api/v1/issuers/${issuerId}/sessions/${other.sessionId}/events?token=${token}`,
      `/api/v1/issuers/${issuerId}/sessions/${offer.sessionId}/events?token=${token}x`,
    ]) {
      assert.equal((await fetch(`${platform.baseUrl}${url}`)).status, 401, url);
    }
    const issuerToken = await admin.post(`/api/v1/issuers/${issuerId}/events/token`, {});
    const wide = new SseReader(
      `${platform.baseUrl}/api/v1/issuers/${issuerId}/events?token=${encodeURIComponent(issuerToken.body.token)}`,
      {},
    );
    assert.equal(await wide.status, 200);
    wide.close();
    assert.equal((await fetch(`${platform.baseUrl}/api/v1/issuers/${issuerId}/events/token`, { method: 'POST' })).status, 401);
  });

  it('answers HEAD on a stream with its head only, and ends (the stream itself never would)', async () => {
    const head = await fetch(`${platform.baseUrl}/api/v1/issuers/${issuerId}/events`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${platform.adminKey}` },
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(head.status, 200);
    assert.match(head.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(await head.text(), '');
  });

  it('requires the admin key and an existing session', async () => {
    assert.equal(await new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/events`, {}).status, 401);
    const missing = new SseReader(`${platform.baseUrl}/api/v1/issuers/${issuerId}/sessions/no-such-session/events`, auth());
    assert.equal(await missing.status, 404);
  });
});
