import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, type RunningPlatform } from '@issuer/testing';

const target = process.env.E2E_TARGET ?? 'standalone';
/** Small limits keep the request counts of these tests small; a window is a minute, so no test waits for one to end. */
const LIMIT = 5;
const ISSUER_ID = 'limits';
const newKey = () => `adm_${randomBytes(18).toString('base64url')}`;

/**
 * The wallet endpoints that create state, each as a request that reaches its route (what it answers below the
 * limit does not matter: every request to them counts).
 */
const WALLET_STATE_REQUESTS: [string, RequestInit][] = [
  ['par', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'client_id=wallet' }],
  ['nonce', { method: 'POST' }],
  ['token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=x' }],
  ['authorize?client_id=wallet&request_uri=urn%3Ax', { method: 'GET', redirect: 'manual' }],
  ['login/unknown-login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a' }],
  ['direct_post', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'state=x' }],
];

/**
 * Request `i` of a sequence: in cluster mode they alternate between the proxy (`edges[0]`, round robin over both
 * replicas) and replica #1 directly (`edges[1]`), so both replicas count requests of one client; with counters per
 * replica, neither would have seen the limit when the next request arrives.
 */
function edge(platform: RunningPlatform, i: number): string {
  return platform.edges[i % platform.edges.length];
}

async function nonce(platform: RunningPlatform, i: number, forwardedFor?: string): Promise<Response> {
  const response = await fetch(`${edge(platform, i)}/issuers/${ISSUER_ID}/nonce`, {
    method: 'POST',
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });
  await response.arrayBuffer();
  return response;
}

/** A Retry-After a client can act on: whole seconds within the one-minute window. */
function assertRetryAfter(response: Response): void {
  const value = response.headers.get('retry-after') ?? '';
  assert.match(value, /^\d+$/, `Retry-After: ${value}`);
  assert.ok(Number(value) >= 1 && Number(value) <= 60, `Retry-After: ${value}`);
}

async function assertWalletRefusal(response: Response, what: string): Promise<void> {
  assert.equal(response.status, 429, what);
  assertRetryAfter(response);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, what);
  const body = (await response.json()) as { error: string; error_description: unknown };
  assert.equal(body.error, 'rate_limited', what);
  assert.equal(typeof body.error_description, 'string', what);
}

/** Sends the limit's worth of nonce requests, each allowed, then one more, which is refused. */
async function exhaust(platform: RunningPlatform, forwardedFor: (i: number) => string | undefined): Promise<Response> {
  for (let i = 0; i < LIMIT; i++) assert.equal((await nonce(platform, i, forwardedFor(i))).status, 200, `request ${i + 1}`);
  const refused = await fetch(`${edge(platform, LIMIT)}/issuers/${ISSUER_ID}/nonce`, {
    method: 'POST',
    headers: forwardedFor(LIMIT) ? { 'x-forwarded-for': forwardedFor(LIMIT)! } : {},
  });
  return refused;
}

describe(`rate limits shared across replicas, behind a trusted proxy (${target})`, () => {
  let platform: RunningPlatform;
  const setupKey = newKey();
  const keyA = newKey();
  const keyB = newKey();

  before(async () => {
    platform = await startTarget({
      RATE_LIMIT_WALLET_PER_MINUTE: String(LIMIT),
      RATE_LIMIT_ADMIN_PER_MINUTE: String(LIMIT),
      // The tests (and the cluster's proxy) connect from the loopback address: they play the ingress.
      TRUSTED_PROXIES: '127.0.0.1,::1',
      ADMIN_API_KEYS: [setupKey, keyA, keyB].join(','),
    });
    // Three admin requests of the setup key, within its own budget.
    await createSdJwtIssuer(new AdminClient(platform.baseUrl, setupKey), { issuerId: ISSUER_ID });
  });
  after(async () => platform?.stop());

  it('refuses the request after the limit of one client address with 429, Retry-After and an OAuth error', async () => {
    const refused = await exhaust(platform, () => '198.51.100.7');
    await assertWalletRefusal(refused, 'nonce');
    // One budget per address for every wallet endpoint that creates state, on every replica.
    for (const [i, [path, init]] of WALLET_STATE_REQUESTS.entries()) {
      const headers = { ...(init.headers as Record<string, string> | undefined), 'x-forwarded-for': '198.51.100.7' };
      await assertWalletRefusal(await fetch(`${edge(platform, i)}/issuers/${ISSUER_ID}/${path}`, { ...init, headers }), path);
    }
    const metadata = await fetch(`${platform.baseUrl}/.well-known/openid-credential-issuer/issuers/${ISSUER_ID}`, {
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    assert.equal(metadata.status, 200, 'reads are not limited');
  });

  it('gives another client address (named by the trusted proxy) its own budget', async () => {
    assert.equal((await nonce(platform, 0, '198.51.100.8')).status, 200);
    assert.equal((await nonce(platform, 1, '198.51.100.8')).status, 200);
  });

  it('counts the right-most untrusted address: what a client prepends to X-Forwarded-For is ignored', async () => {
    // Each request claims another origin in front; the proxy-appended address (the right-most untrusted) is the same.
    const refused = await exhaust(platform, (i) => `203.0.113.${i + 1}, 198.51.100.20`);
    await assertWalletRefusal(refused, 'spoofed entries');
  });

  it('limits the admin API per principal: 429 problem+json with Retry-After; another key keeps its budget', async () => {
    const adminOf = (key: string, i: number) => new AdminClient(edge(platform, i), key);
    for (let i = 0; i < LIMIT; i++) assert.equal((await adminOf(keyA, i).get('/api/v1/issuers')).status, 200, `request ${i + 1}`);
    const refused = await fetch(`${edge(platform, LIMIT)}/api/v1/issuers`, { headers: { authorization: `Bearer ${keyA}` } });
    assert.equal(refused.status, 429);
    assertRetryAfter(refused);
    assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await refused.json()) as Record<string, unknown>;
    assert.equal(problem.status, 429);
    assert.equal(problem.title, 'Too Many Requests');
    assert.equal(typeof problem.detail, 'string');
    assert.ok(!JSON.stringify(problem).includes(keyA), 'the key is never echoed');
    assert.equal((await adminOf(keyB, 1).get('/api/v1/issuers')).status, 200, 'another principal');
    // Authentication answers a request without a principal before the limit is applied: it counts against no one.
    assert.equal((await new AdminClient(platform.baseUrl, undefined).get('/api/v1/issuers')).status, 401, 'no principal');
  });
});

describe(`rate limits without trusted proxies (${target})`, () => {
  let platform: RunningPlatform;

  before(async () => {
    platform = await startTarget({ RATE_LIMIT_WALLET_PER_MINUTE: String(LIMIT), RATE_LIMIT_ADMIN_PER_MINUTE: '0' });
    await createSdJwtIssuer(new AdminClient(platform.baseUrl, platform.adminKey), { issuerId: ISSUER_ID });
  });
  after(async () => platform?.stop());

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: every request is the peer', async () => {
    const refused = await exhaust(platform, (i) => `198.51.100.${i + 1}`);
    await assertWalletRefusal(refused, 'X-Forwarded-For of an untrusted peer');
  });

  it('RATE_LIMIT_ADMIN_PER_MINUTE=0 turns the admin limit off', async () => {
    for (let i = 0; i < LIMIT * 2; i++)
      assert.equal((await new AdminClient(edge(platform, i), platform.adminKey).get('/api/v1/issuers')).status, 200, `request ${i + 1}`);
  });
});

describe(`rate limits turned off (${target})`, () => {
  let platform: RunningPlatform;

  before(async () => {
    platform = await startTarget({ RATE_LIMIT_WALLET_PER_MINUTE: '0', RATE_LIMIT_ADMIN_PER_MINUTE: '0' });
    await createSdJwtIssuer(new AdminClient(platform.baseUrl, platform.adminKey), { issuerId: ISSUER_ID });
  });
  after(async () => platform?.stop());

  it('RATE_LIMIT_WALLET_PER_MINUTE=0 turns the wallet limit off', async () => {
    for (let i = 0; i < LIMIT * 2; i++) assert.equal((await nonce(platform, i)).status, 200, `request ${i + 1}`);
  });
});
