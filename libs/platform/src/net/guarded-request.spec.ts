import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedRequest, OutboundCallFailed, type GuardedRequestOptions } from './guarded-request';
import { OutboundGuard, OutboundRefused, parseOutboundAllowList, type Resolve } from './outbound-guard';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local server recording what reached it; `routes` answer by path. */
async function localServer(routes: Record<string, (res: import('node:http').ServerResponse, seen: Seen) => void>) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      (routes[new URL(req.url ?? '/', 'http://x').pathname] ?? ((r) => r.writeHead(404).end()))(res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    port,
    base: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('guardedRequest', () => {
  let main: Awaited<ReturnType<typeof localServer>>;
  let other: Awaited<ReturnType<typeof localServer>>;
  const listed = new OutboundGuard(parseOutboundAllowList('127.0.0.1'));
  const options = (extra: Partial<GuardedRequestOptions> = {}): GuardedRequestOptions => ({
    guard: listed,
    timeoutMs: 1000,
    maxBytes: 1000,
    plainHttp: 'any',
    ...extra,
  });

  before(async () => {
    other = await localServer({
      '/landing': (res, seen) => res.end(JSON.stringify({ method: seen.method, auth: seen.headers.authorization ?? null })),
    });
    main = await localServer({
      '/echo': (res, seen) =>
        res.setHeader('content-type', 'application/json').end(JSON.stringify({ method: seen.method, body: seen.body })),
      '/declared-big': (res) => res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000)),
      '/streamed-big': (res) => {
        res.writeHead(200); // chunked: no content-length to judge by
        for (let i = 0; i < 10; i++) res.write('x'.repeat(500));
        res.end();
      },
      '/slow': (res) => setTimeout(() => res.end('late'), 3000),
      '/to-other': (res) => res.writeHead(302, { location: `${other.base}/landing` }).end(),
      '/see-other': (res) => res.writeHead(303, { location: '/echo' }).end(),
      '/to-metadata': (res) => res.writeHead(307, { location: 'http://169.254.169.254/latest' }).end(),
      '/loop': (res) => res.writeHead(302, { location: '/loop' }).end(),
    });
  });
  after(() => {
    main.close();
    other.close();
  });

  it('sends GET and POST with headers and body and answers status, headers and body', async () => {
    const get = await guardedRequest(`${main.base}/echo`, options());
    assert.equal(get.status, 200);
    assert.equal(get.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(get.body.toString()), { method: 'GET', body: '' });
    assert.equal(get.complete, true);
    const post = await guardedRequest(`${main.base}/echo`, options({ method: 'POST', headers: { 'X-Trace': 't1' }, body: 'a=1' }));
    assert.deepEqual(JSON.parse(post.body.toString()), { method: 'POST', body: 'a=1' });
    assert.equal(main.seen.at(-1)?.headers['x-trace'], 't1');
  });

  it('checks a host name at connect time against the address it resolved to, resolving it once', async () => {
    const resolved: string[] = [];
    const resolveTo =
      (address: string): Resolve =>
      async (hostname) => {
        resolved.push(hostname);
        return [{ address, family: 4 }];
      };
    const before = main.seen.length;
    const strict = new OutboundGuard(parseOutboundAllowList(''), resolveTo('127.0.0.1'));
    await assert.rejects(
      guardedRequest(`http://hooks.example:${main.port}/echo`, options({ guard: strict })),
      (error: Error) => error instanceof OutboundRefused && /hooks\.example resolves to a private/.test(error.message),
    );
    assert.equal(main.seen.length, before, 'nothing reached the loopback server');
    // Allowed by the address it resolves to: the connection goes to exactly that address (the name exists nowhere else).
    const byAddress = new OutboundGuard(parseOutboundAllowList('127.0.0.0/8'), resolveTo('127.0.0.1'));
    const answer = await guardedRequest(`http://hooks.example:${main.port}/echo`, options({ guard: byAddress }));
    assert.equal(answer.status, 200);
    assert.equal(main.seen.at(-1)?.headers.host, `hooks.example:${main.port}`);
    // A second call opens its own connection and is checked again (a pooled socket would skip the guard).
    assert.equal((await guardedRequest(`http://hooks.example:${main.port}/echo`, options({ guard: byAddress }))).status, 200);
    assert.deepEqual(resolved, ['hooks.example', 'hooks.example', 'hooks.example'], 'one resolution per call, the one checked');
  });

  it('refuses IP literals the allow-list does not cover, IPv6 and IPv4-mapped forms included', async () => {
    const strict = new OutboundGuard(parseOutboundAllowList(''));
    for (const url of [`${main.base}/echo`, `http://[::1]:${main.port}/echo`, `http://[::ffff:127.0.0.1]:${main.port}/echo`])
      await assert.rejects(guardedRequest(url, options({ guard: strict })), OutboundRefused, url);
  });

  it('applies the scheme rule: https by default, http for listed hosts or any host only when asked', async () => {
    await assert.rejects(guardedRequest(`${main.base}/echo`, options({ plainHttp: undefined })), /only https is allowed, not http:/);
    assert.equal((await guardedRequest(`${main.base}/echo`, options({ plainHttp: 'listed' }))).status, 200);
    const resolving = new OutboundGuard(parseOutboundAllowList('127.0.0.0/8'), async () => [{ address: '127.0.0.1', family: 4 }]);
    await assert.rejects(
      guardedRequest(`http://hooks.example:${main.port}/echo`, options({ guard: resolving, plainHttp: 'listed' })),
      /http only for hosts in OUTBOUND_ALLOWED_HOSTS/,
    );
    await assert.rejects(guardedRequest('file:///etc/passwd', options()), OutboundRefused);
    await assert.rejects(guardedRequest(`ftp://127.0.0.1:${main.port}/`, options()), /only http and https/);
  });

  it('bounds the body by its declared and its streamed size, naming the URL without its query', async () => {
    for (const path of ['/declared-big', '/streamed-big'])
      await assert.rejects(
        guardedRequest(`${main.base}${path}?token=secret`, options()),
        (error: Error) =>
          error instanceof OutboundCallFailed &&
          error.code === 'TOO_LARGE' &&
          error.message === `${main.base}${path} answered more than 1000 bytes`,
      );
    const kept = await guardedRequest(`${main.base}/streamed-big`, options({ partialBody: 'keep' }));
    assert.equal(kept.status, 200);
    assert.equal(kept.complete, false);
    assert.ok(kept.body.length <= 1000);
  });

  it('bounds the exchange in time, and stops when the caller aborts', async () => {
    await assert.rejects(
      guardedRequest(`${main.base}/slow`, options({ timeoutMs: 300 })),
      (error: Error) =>
        error instanceof OutboundCallFailed && error.code === 'TIMEOUT' && /did not answer within 300 ms/.test(error.message),
    );
    const controller = new AbortController();
    const call = guardedRequest(`${main.base}/slow`, options({ timeoutMs: 10_000, signal: controller.signal }));
    controller.abort();
    await assert.rejects(call, (error: Error) => error instanceof OutboundCallFailed && error.code === 'ABORTED');
  });

  it('returns redirects unless allowed; followed hops pass the guard again and drop credentials across origins', async () => {
    const returned = await guardedRequest(`${main.base}/to-other`, options({ headers: { authorization: 'Bearer t' } }));
    assert.equal(returned.status, 302);
    assert.equal(returned.headers.location, `${other.base}/landing`);
    assert.equal(other.seen.length, 0, 'not followed');

    const followed = await guardedRequest(`${main.base}/to-other`, options({ maxRedirects: 1, headers: { authorization: 'Bearer t' } }));
    assert.equal(followed.url, `${other.base}/landing`);
    assert.deepEqual(JSON.parse(followed.body.toString()), { method: 'GET', auth: null });

    const seeOther = await guardedRequest(`${main.base}/see-other`, options({ maxRedirects: 1, method: 'POST', body: 'x=1' }));
    assert.deepEqual(JSON.parse(seeOther.body.toString()), { method: 'GET', body: '' }, '303 continues with a GET');

    await assert.rejects(guardedRequest(`${main.base}/to-metadata`, options({ maxRedirects: 3 })), OutboundRefused);
    await assert.rejects(
      guardedRequest(`${main.base}/loop`, options({ maxRedirects: 2 })),
      (error: Error) => error instanceof OutboundCallFailed && error.code === 'TOO_MANY_REDIRECTS',
    );
  });

  it('reports a header value node refuses as a failed call, sending nothing', async () => {
    const before = main.seen.length;
    await assert.rejects(
      guardedRequest(`${main.base}/echo`, options({ headers: { authorization: 'Bearer a\nb' } })),
      (error: Error) => error instanceof OutboundCallFailed && error.code === 'INVALID_REQUEST' && /could not be made/.test(error.message),
    );
    assert.equal(main.seen.length, before);
  });
});
