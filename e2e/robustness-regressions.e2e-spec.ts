import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createSdJwtIssuer, startTarget, type RunningPlatform } from '@issuer/testing';

/**
 * Regressions of the 5xx answers a random fuzzer found (issue 11): text PostgreSQL or an encoder cannot hold,
 * URLs that made validation throw, issuer deletion racing with writes for it, errors raised before routing,
 * and a 413 that must stay readable while the client is still sending.
 */

const target = process.env.E2E_TARGET ?? 'standalone';
const LONE_HIGH = 'x\ud83dy';
const LONE_LOW = '\udc00';

/** Sends raw bytes and resolves with whatever came back before the server closed the connection. */
function rawExchange(baseUrl: string, bytes: Buffer): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname, () => socket.write(bytes));
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
  });
}

function parseRaw(answer: string): { status: number; headers: Map<string, string>; body: any } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  let body = rest.join('\r\n\r\n');
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    let decoded = '';
    for (let at = 0, size = 0; (size = parseInt(body.slice(at), 16)) > 0; at = body.indexOf('\r\n', at) + 2 + size + 2)
      decoded += body.substr(body.indexOf('\r\n', at) + 2, size);
    body = decoded;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

describe(`robustness regressions: input and races that answered 5xx (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let fixture: Awaited<ReturnType<typeof createSdJwtIssuer>>;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    fixture = await createSdJwtIssuer(admin, { issuerId: 'regress' });
  });
  after(async () => platform?.stop());

  it('refuses lone UTF-16 surrogates in stored strings with a 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      [
        'POST',
        '/api/v1/issuers',
        { id: 'surrogate', display: [{ name: LONE_HIGH, locale: 'en' }], credentialConfigurations: {} },
        'display.0.name',
      ],
      [
        'POST',
        `/api/v1/issuers/regress/profiles`,
        { name: 'p', credentialConfigurationId: 'identity_sd_jwt', issuerKeyId: fixture.keyId, credentialData: { a: LONE_HIGH } },
        'credentialData.a',
      ],
      [
        'POST',
        `/api/v1/issuers/regress/profiles/${fixture.profileId}/offers`,
        { authMethod: 'PRE_AUTHORIZED', runtimeOverrides: { credentialData: { given_name: LONE_LOW } } },
        'runtimeOverrides.credentialData.given_name',
      ],
      [
        'POST',
        '/api/v1/certificates',
        { profile: 'iaca', keyId: fixture.keyId, subject: { commonName: LONE_HIGH, country: 'US' } },
        'subject.commonName',
      ],
      ['POST', '/api/v1/keys', { type: 'ed25519', name: LONE_LOW }, 'name'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await admin.request(method, path, body);
      assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        [field],
        path,
      );
    }
    // Paired surrogates are ordinary characters (an emoji) and are stored as sent.
    const emoji = await admin.put(`/api/v1/issuers/regress/profiles/${fixture.profileId}`, {
      name: 'Identity 😀',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: fixture.keyId,
      credentialData: { given_name: 'Ada 😀' },
    });
    assert.equal(emoji.status, 200, JSON.stringify(emoji.body));
    assert.equal(emoji.body.credentialData.given_name, 'Ada 😀');
  });

  it('refuses malformed webhook URLs as a field error, not a 500', async () => {
    for (const url of ['', 'x', 'http://', '😀', 'ftp://127.0.0.1/x', 'javascript:alert(1)']) {
      const res = await admin.post(`/api/v1/issuers/regress/profiles`, {
        name: 'hooked',
        credentialConfigurationId: 'identity_sd_jwt',
        issuerKeyId: fixture.keyId,
        notifications: { webhook: { url } },
      });
      assert.equal(res.status, 400, `${JSON.stringify(url)}: ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === 'notifications.webhook.url'),
        JSON.stringify(res.body),
      );
    }
  });

  it('deleting an issuer while profiles and offers are created for it: each write is 201 or 404, none 5xx', async () => {
    const statuses = new Map<number, number>();
    for (let round = 0; round < 3; round++) {
      const issuerId = `race-${round}`;
      const racing = await createSdJwtIssuer(admin, { issuerId });
      const writes = Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? admin.post(`/api/v1/issuers/${issuerId}/profiles/${racing.profileId}/offers`, { authMethod: 'PRE_AUTHORIZED' })
          : admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
              name: `p${i}`,
              credentialConfigurationId: 'identity_sd_jwt',
              issuerKeyId: racing.keyId,
            }),
      );
      const deletion = new Promise((r) => setTimeout(r, 5 + round * 10)).then(() => admin.delete(`/api/v1/issuers/${issuerId}`));
      const answers = await Promise.all([...writes, deletion]);
      assert.equal(answers.at(-1)!.status, 204);
      for (const answer of answers.slice(0, -1)) {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        assert.ok([201, 404].includes(answer.status), `${answer.status} ${JSON.stringify(answer.body)}`);
        if (answer.status === 404) assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
      }
      // Nothing of the issuer is left behind: its sessions went with it.
      const left = await admin.get(`/api/v1/issuers/${issuerId}/sessions`);
      assert.ok(left.status === 404 || left.body.items.length === 0, JSON.stringify(left.body));
    }
    console.log(`delete race answers: ${JSON.stringify(Object.fromEntries(statuses))}`);
  });

  it('deleting a key while profiles using it are created: never a profile that outlives its key', async () => {
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 8; round++) {
      const key = await admin.post('/api/v1/keys', { type: 'secp256r1' });
      const keyId = key.body.keyId as string;
      const profile = { name: `k${round}`, credentialConfigurationId: 'identity_sd_jwt', issuerKeyId: keyId };
      const creates = Array.from({ length: 4 }, () => admin.post('/api/v1/issuers/regress/profiles', profile));
      // The delete starts at a different moment of the profiles' validation each round.
      const deletion = new Promise((r) => setTimeout(r, round)).then(() => admin.delete(`/api/v1/keys/${keyId}`));
      const answers = await Promise.all([...creates, deletion]);
      const deleted = answers.at(-1)!.status === 204;
      const created = answers.slice(0, -1).filter((a) => a.status === 201);
      outcomes.set(
        `${deleted ? 'deleted' : 'kept'}/${created.length}`,
        (outcomes.get(`${deleted ? 'deleted' : 'kept'}/${created.length}`) ?? 0) + 1,
      );
      for (const answer of answers) assert.ok(answer.status < 500, `${answer.status} ${JSON.stringify(answer.body)}`);
      // Either the delete won (no profile was stored with the key) or a profile did (the delete is 409).
      if (deleted) assert.equal(created.length, 0, `${created.length} profile(s) stored with deleted key ${keyId}`);
      else assert.equal(answers.at(-1)!.status, 409, JSON.stringify(answers.at(-1)!.body));
      for (const c of created) await admin.delete(`/api/v1/issuers/regress/profiles/${c.body.profileId}`);
    }
    console.log(`key delete race outcomes (delete/profiles created): ${JSON.stringify(Object.fromEntries(outcomes))}`);
  });

  it('an unsupported Expect and a request line the parser refuses are answered in the path family format', async () => {
    const expect = parseRaw(
      await rawExchange(
        platform.baseUrl,
        Buffer.from(
          `GET /api/v1/keys HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${platform.adminKey}\r\nExpect: garbage\r\nConnection: close\r\n\r\n`,
        ),
      ),
    );
    assert.equal(expect.status, 417);
    assert.match(expect.headers.get('x-request-id') ?? '', /^[\w-]{8,}$/);
    assert.match(expect.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(expect.body.status, 417);
    // A client that sends its body anyway still reads the answer (found by the fuzzer: EPIPE).
    const expectBody = Buffer.alloc(4 * 1024 * 1024, 0x20);
    const withBody = parseRaw(
      await rawExchange(
        platform.baseUrl,
        Buffer.concat([
          Buffer.from(
            `POST /api/v1/keys HTTP/1.1\r\nHost: localhost\r\nExpect: garbage\r\nContent-Length: ${expectBody.length}\r\nConnection: close\r\n\r\n`,
          ),
          expectBody,
        ]),
      ),
    );
    assert.equal(withBody.status, 417);

    const lowerMethod = parseRaw(await rawExchange(platform.baseUrl, Buffer.from('get /api/v1/keys HTTP/1.1\r\nHost: localhost\r\n\r\n')));
    assert.equal(lowerMethod.status, 400);
    assert.match(lowerMethod.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.match(lowerMethod.headers.get('x-request-id') ?? '', /^[\w-]{8,}$/);
  });

  it('CONNECT, and a refused head or URL followed by a large body, still get a readable answer', async () => {
    const connect = parseRaw(await rawExchange(platform.baseUrl, Buffer.from('CONNECT /api/v1/keys HTTP/1.1\r\nHost: localhost\r\n\r\n')));
    assert.equal(connect.status, 405);
    assert.match(connect.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.match(connect.headers.get('x-request-id') ?? '', /^[\w-]{8,}$/);
    const body = Buffer.alloc(8 * 1024 * 1024, 0x20);
    const bigHead = `POST /issuers/regress/nonce HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\nContent-Length: ${body.length}\r\n\r\n`;
    const tooLarge = parseRaw(await rawExchange(platform.baseUrl, Buffer.concat([Buffer.from(bigHead), body])));
    assert.equal(tooLarge.status, 431);
    const badUrl = `POST /issuers/regress/%C0%AFnonce HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const refusedUrl = parseRaw(await rawExchange(platform.baseUrl, Buffer.concat([Buffer.from(badUrl), body])));
    assert.ok([400, 404, 413].includes(refusedUrl.status), String(refusedUrl.status));
    assert.ok(refusedUrl.headers.get('x-request-id'));
  });

  it('errors raised before routing carry x-request-id and the path family format', async () => {
    const badByte = parseRaw(
      await rawExchange(
        platform.baseUrl,
        Buffer.concat([Buffer.from('GET /api/v1/issuers/'), Buffer.from([0xff]), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\n\r\n')]),
      ),
    );
    assert.equal(badByte.status, 400);
    assert.match(badByte.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.match(badByte.headers.get('x-request-id') ?? '', /^[\w-]{8,}$/);
    assert.equal(badByte.body.status, 400);

    const hugeHeaders = parseRaw(
      await rawExchange(
        platform.baseUrl,
        Buffer.from(
          `GET /issuers/regress/.well-known/openid-credential-issuer HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        ),
      ),
    );
    assert.equal(hugeHeaders.status, 431);
    assert.match(hugeHeaders.headers.get('x-request-id') ?? '', /^[\w-]{8,}$/);
    assert.equal(hugeHeaders.body.error, 'invalid_request');

    const badEncoding = await fetch(`${platform.baseUrl}/api/v1/issuers/%ff%fe`, {
      headers: { authorization: `Bearer ${platform.adminKey}` },
    });
    assert.equal(badEncoding.status, 400);
    assert.ok(badEncoding.headers.get('x-request-id'));
    assert.match(badEncoding.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });

  it('a body over the limit gets a readable 413 while the client is still sending it', async () => {
    const answers: string[] = [];
    for (const size of [1024 * 1024 + 1, 4_000_000, 20_000_000, 20_000_000, 20_000_000]) {
      try {
        const res = await fetch(`${platform.baseUrl}/issuers/regress/credential`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer abc' },
          body: `{"a":"${'x'.repeat(size)}"}`,
        });
        await res.text();
        answers.push(`${res.status}${res.headers.get('x-request-id') ? '' : ' without x-request-id'}`);
      } catch (error) {
        answers.push(`no answer: ${String((error as { cause?: unknown }).cause ?? error)}`);
      }
    }
    assert.deepEqual(answers, Array(5).fill('413'));
  });

  it('an answer before the body (413, 415) is readable when the client asked to close the connection', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const body = Buffer.alloc(16 * 1024 * 1024, 0x20);
      const contentType = i % 2 ? 'Content-Type: application/json\r\n' : '';
      const head = `POST /api/v1/keys HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${platform.adminKey}\r\n${contentType}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      const answer = parseRaw(await rawExchange(platform.baseUrl, Buffer.concat([Buffer.from(head), body])));
      assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
      answers.push(answer.status);
    }
    // Without a content type the replica answers 415; the cluster's proxy, like an ingress, refuses the size first.
    const unsupported = target === 'cluster' ? 413 : 415;
    assert.deepEqual(answers, [unsupported, 413, unsupported, 413]);
  });
});
