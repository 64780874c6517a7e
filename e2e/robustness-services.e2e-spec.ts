import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { BAD_IDS, ProbeChecker, sample, UNKNOWN_UUID, type Probe } from './robustness-probes';

/**
 * The robustness contract (never a 5xx, errors in the API's format) for the routes of the status,
 * events, webhook, retention and signed-metadata work: malformed bodies, ids, queries, tokens and
 * Accept headers. Bounded and seeded like the main robustness suite.
 */
const target = process.env.E2E_TARGET ?? 'standalone';
const ISSUER = 'robust-services';

describe(`robustness of status, events, webhooks, retention and metadata routes (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let sessionId: string;
  let credentialId: string;
  const probes = new ProbeChecker(() => platform);
  const auth = () => probes.adminAuth();

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    const fixture = await createSdJwtIssuer(admin, {
      issuerId: ISSUER,
      profile: { credentialStatus: { type: 'TokenStatusList', purpose: 'suspension' } },
    });
    const offer = await createOffer(admin, ISSUER, fixture.profileId);
    await new TestWallet().preAuthorizedFlow(offer.credentialOffer);
    sessionId = offer.sessionId;
    const session = await admin.get(`/api/v1/issuers/${ISSUER}/sessions/${sessionId}`);
    credentialId = session.body.credentials[0].credentialId;
  });
  after(async () => platform?.stop());

  it('status lists and status changes refuse malformed input', async () => {
    const sessionStatus = () => `/api/v1/issuers/${ISSUER}/sessions/${sessionId}/status`;
    const list: Probe[] = [
      ...probes.jsonBodyProbes('PUT', sessionStatus(), { status: 'SUSPENDED' }, 8),
      ...probes.jsonBodyProbes('PUT', `/api/v1/issuers/${ISSUER}/credentials/${credentialId}/status`, { status: 'VALID' }, 8),
      ...['REVOKED ', 'revoked', 'DELETED', ''].map((status) => ({
        label: `status ${JSON.stringify(status)}`,
        method: 'PUT',
        path: sessionStatus(),
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      })),
    ];
    for (const [label, id] of sample(BAD_IDS, 8)) {
      list.push({ label: `list id ${label}`, method: 'GET', path: `/status-lists/${id}` });
      list.push({
        label: `credential id ${label}`,
        method: 'PUT',
        path: `/api/v1/issuers/${ISSUER}/credentials/${id}/status`,
        headers: { ...auth(), 'content-type': 'application/json' },
        body: '{"status":"REVOKED"}',
      });
    }
    for (const probe of list) await probes.check(probe);
    assert.deepEqual(probes.violations, []);
  });

  it('events, stream tokens, deliveries and webhook secrets refuse malformed input', async () => {
    const base = `/api/v1/issuers/${ISSUER}/sessions/${sessionId}`;
    const list: Probe[] = [
      ...['garbage', 'a.b.c', '', 'x'.repeat(5000), '%00'].flatMap((token) => [
        { label: `stream token ${token.slice(0, 12)}`, method: 'GET', path: `${base}/events?token=${token}`, stream: true },
        {
          label: `issuer stream token ${token.slice(0, 12)}`,
          method: 'GET',
          path: `/api/v1/issuers/${ISSUER}/events?token=${token}`,
          stream: true,
        },
      ]),
      { label: 'token with no key', method: 'POST', path: `${base}/events/token` },
      { label: 'deliveries with no key', method: 'GET', path: `${base}/deliveries` },
      { label: 'redeliver an unknown event', method: 'POST', path: `${base}/deliveries/${UNKNOWN_UUID}/redeliver`, headers: auth() },
    ];
    for (const [label, id] of sample(BAD_IDS, 8)) {
      list.push({
        label: `session ${label}`,
        method: 'POST',
        path: `/api/v1/issuers/${ISSUER}/sessions/${id}/events/token`,
        headers: auth(),
      });
      list.push({ label: `session ${label}`, method: 'GET', path: `/api/v1/issuers/${ISSUER}/sessions/${id}/deliveries`, headers: auth() });
      list.push({ label: `event ${label}`, method: 'POST', path: `${base}/deliveries/${id}/redeliver`, headers: auth() });
      list.push({ label: `issuer ${label}`, method: 'GET', path: `/api/v1/issuers/${id}/webhook-secret`, headers: auth() });
      list.push({ label: `issuer ${label}`, method: 'POST', path: `/api/v1/issuers/${id}/webhook-secret`, headers: auth() });
    }
    for (const probe of list) await probes.check(probe);
    assert.deepEqual(probes.violations, []);
  });

  it('retention configuration and runs refuse malformed input', async () => {
    const config = { enabled: false, maxIssuerSessionAge: '30d', schedule: '0 3 * * *', dryRun: true, maxDeletePerRun: 500 };
    const json = { ...auth(), 'content-type': 'application/json' };
    const list: Probe[] = [
      ...probes.jsonBodyProbes('PUT', '/api/v1/retention', config, 14),
      ...['61 * * * *', '* * * *', '0 3 * * 8', 'every day', '0 0 31 2 *'].map((schedule) => ({
        label: `schedule ${schedule}`,
        method: 'PUT',
        path: '/api/v1/retention',
        headers: json,
        body: JSON.stringify({ ...config, schedule }),
        expect: 'any' as const,
      })),
      ...['forever', '-1d', '0s'].map((maxIssuerSessionAge) => ({
        label: `age ${maxIssuerSessionAge}`,
        method: 'PUT',
        path: '/api/v1/retention',
        headers: json,
        body: JSON.stringify({ ...config, maxIssuerSessionAge }),
      })),
      { label: 'run with a string dryRun', method: 'POST', path: '/api/v1/retention/runs', headers: json, body: '{"dryRun":"yes"}' },
      { label: 'run with an unknown field', method: 'POST', path: '/api/v1/retention/runs', headers: json, body: '{"dryRun":true,"x":1}' },
      { label: 'runs with no key', method: 'GET', path: '/api/v1/retention/runs' },
    ];
    for (const probe of list) await probes.check(probe);
    assert.deepEqual(probes.violations, []);
  });

  it('metadata content negotiation, key algorithms and signed-metadata configuration refuse malformed input', async () => {
    const metadata = `/.well-known/openid-credential-issuer/issuers/${ISSUER}`;
    const list: Probe[] = [
      ...['application/jwt;q=abc', 'application/jwt;q=2', '*/*;q=0', 'x'.repeat(8000), 'application/jwt, application/json;q=0.1'].map(
        (accept) => ({
          label: `accept ${accept.slice(0, 20)}`,
          method: 'GET',
          path: metadata,
          headers: { accept },
          expect: 'any' as const,
        }),
      ),
      ...[
        ['secp256r1', 'RS256'],
        ['rsa', 'ES256'],
        ['ed25519', 'none'],
        ['rsa', 'x'.repeat(40)],
      ].map(([type, alg]) => ({
        label: `key ${type} with ${alg!.slice(0, 10)}`,
        method: 'POST',
        path: '/api/v1/keys',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ type, alg }),
      })),
      ...[{ keyId: 'nope' }, { keyId: UNKNOWN_UUID, certificateId: 'x' }, { certificateId: UNKNOWN_UUID }, 'x', null].map(
        (signedMetadata) => ({
          label: `signedMetadata ${JSON.stringify(signedMetadata)}`,
          method: 'POST',
          path: '/api/v1/issuers',
          headers: { ...auth(), 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'robust-signed', credentialConfigurations: {}, signedMetadata }),
        }),
      ),
    ];
    for (const probe of list) await probes.check(probe);
    assert.deepEqual(probes.violations, []);
    assert.deepEqual(probes.withoutRequestId, []);
    assert.ok(probes.sent > 100 && probes.sent < 400, `${probes.sent} requests sent`);
    assert.deepEqual(probes.unexpectedSuccesses, [], 'every probe that must be refused was refused');
  });
});
