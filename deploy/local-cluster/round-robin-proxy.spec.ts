import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@issuer/platform';
import { startRoundRobinProxy } from './round-robin-proxy';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** A replica that answers with its name and records the last request it saw. */
function replica(name: string, seen: Seen[]): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain', 'x-replica': name, 'keep-alive': 'timeout=77' });
      res.end(name);
    });
  });
}

describe('round-robin proxy (local cluster)', () => {
  const seen: Seen[] = [];
  const replicas = [replica('a', seen), replica('b', seen)];
  let proxy: Server;
  let base: string;

  before(async () => {
    const ports = await Promise.all(replicas.map(listen));
    proxy = await startRoundRobinProxy(
      0,
      ports.map((port) => ({ host: '127.0.0.1', port })),
      '127.0.0.1',
    );
    base = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  });
  after(async () => {
    await close(proxy);
    await Promise.all(replicas.map(close));
  });

  it('sends consecutive requests to the replicas in turn', async () => {
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push(await (await fetch(`${base}/issuers/x`)).text());
    assert.deepEqual(names, names[0] === 'a' ? ['a', 'b', 'a', 'b'] : ['b', 'a', 'b', 'a']);
  });

  it('forwards method, path, query and body, adds X-Forwarded-* and drops hop-by-hop headers', async () => {
    seen.length = 0;
    const response = await fetch(`${base}/issuers/x/token?debug=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7', 'x-request-id': 'r-1' },
      body: 'grant_type=urn%3Aietf',
    });
    assert.equal(response.status, 200);
    assert.notEqual(response.headers.get('keep-alive'), 'timeout=77', "the replica's hop-by-hop headers are not passed on");
    const [upstream] = seen;
    assert.equal(upstream.method, 'POST');
    assert.equal(upstream.url, '/issuers/x/token?debug=1');
    assert.equal(upstream.body, 'grant_type=urn%3Aietf');
    assert.equal(upstream.headers['x-request-id'], 'r-1');
    assert.equal(upstream.headers['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
    assert.equal(upstream.headers['x-forwarded-proto'], 'http');
    assert.equal(upstream.headers['x-forwarded-host'], new URL(base).host);
    assert.equal(upstream.headers['x-forwarded-port'], new URL(base).port);
  });

  it('streams an SSE response event by event and closes the upstream request when the client leaves', async () => {
    let upstreamGone: () => void = () => undefined;
    const upstreamClosed = new Promise<void>((resolve) => (upstreamGone = resolve));
    let sendSecond: () => void = () => undefined;
    const sse = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('id: 1\ndata: first\n\n');
      // The second event is written only after the client has read the first: a buffering proxy would deadlock here.
      sendSecond = () => res.write('id: 2\ndata: second\n\n');
      res.on('close', () => upstreamGone());
    });
    const ssePort = await listen(sse);
    const sseProxy = await startRoundRobinProxy(0, [{ host: '127.0.0.1', port: ssePort }], '127.0.0.1');
    try {
      const req = request({ host: '127.0.0.1', port: (sseProxy.address() as { port: number }).port, path: '/events' });
      req.end();
      const [res] = (await once(req, 'response')) as [IncomingMessage];
      assert.equal(res.headers['content-type'], 'text/event-stream');
      res.setEncoding('utf8');
      const [first] = (await once(res, 'data')) as [string];
      assert.equal(first, 'id: 1\ndata: first\n\n');
      sendSecond();
      const [second] = (await once(res, 'data')) as [string];
      assert.equal(second, 'id: 2\ndata: second\n\n');
      req.destroy();
      await upstreamClosed;
    } finally {
      await close(sseProxy);
      await close(sse);
    }
  });

  it('skips a replica that refuses connections (also for a request with a body) and answers 502 problem+json when none answers', async () => {
    const liveSeen: Seen[] = [];
    const live = replica('live', liveSeen);
    const livePort = await listen(live);
    const deadPort = await freePort();
    const partial = await startRoundRobinProxy(
      0,
      [
        { host: '127.0.0.1', port: deadPort },
        { host: '127.0.0.1', port: livePort },
      ],
      '127.0.0.1',
    );
    const none = await startRoundRobinProxy(0, [{ host: '127.0.0.1', port: deadPort }], '127.0.0.1');
    try {
      const url = (server: Server) => `http://127.0.0.1:${(server.address() as { port: number }).port}/health/ready`;
      for (let i = 0; i < 3; i++) assert.equal(await (await fetch(url(partial))).text(), 'live');
      for (let i = 0; i < 3; i++) {
        const posted = await fetch(url(partial), { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"n":${i}}` });
        assert.equal(await posted.text(), 'live');
        assert.equal(liveSeen.at(-1)?.body, `{"n":${i}}`);
      }
      // Concurrent requests move the round-robin counter between an attempt and its retry: still never a 502.
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(url(partial), { method: 'POST', body: '{}' })));
      assert.deepEqual(
        answers.map((a) => a.status),
        Array(20).fill(200),
      );
      const failed = await fetch(url(none));
      assert.equal(failed.status, 502);
      assert.equal(failed.headers.get('content-type'), 'application/problem+json');
      assert.equal(((await failed.json()) as { status: number }).status, 502);
    } finally {
      await Promise.all([close(partial), close(none), close(live)]);
    }
  });
  it('refuses a body declared over the limit itself, in the path family format, and the client connection stays usable', async () => {
    let seenByReplica = 0;
    const strict = createServer((req, res) => {
      seenByReplica++;
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    const port = await listen(strict);
    const limited = await startRoundRobinProxy(0, [{ host: '127.0.0.1', port }], '127.0.0.1', 1000);
    const base = `http://127.0.0.1:${(limited.address() as { port: number }).port}`;
    try {
      for (let i = 0; i < 3; i++) {
        const big = await fetch(`${base}/api/v1/upload`, { method: 'POST', body: 'x'.repeat(200_000) });
        assert.equal(big.status, 413);
        assert.equal(big.headers.get('content-type'), 'application/problem+json');
        assert.ok(big.headers.get('x-request-id'));
        assert.equal(((await big.json()) as { status: number }).status, 413);
        const wallet = await fetch(`${base}/issuers/a/credential`, { method: 'POST', body: 'x'.repeat(200_000) });
        assert.equal(wallet.status, 413);
        // OID4VCI 1.0 §8.3.1.2: the credential endpoint's code for a request it cannot take.
        assert.equal(((await wallet.json()) as { error: string }).error, 'invalid_credential_request');
        const small = await fetch(`${base}/upload`, { method: 'POST', body: 'y' });
        assert.equal(await small.text(), 'ok');
      }
      assert.equal(seenByReplica, 3, 'only the small requests reach the replica');
    } finally {
      await close(limited);
      await close(strict);
    }
  });

  it('passes the head on at once: a replica that answers before the body (here one that never comes) is heard', async () => {
    const early = createServer((_req, res) => res.end('early'));
    const port = await listen(early);
    const single = await startRoundRobinProxy(0, [{ host: '127.0.0.1', port }], '127.0.0.1');
    const { port: proxyPort } = single.address() as { port: number };
    try {
      const head = await new Promise<string>((resolve, reject) => {
        const client = connect(proxyPort, '127.0.0.1', () =>
          client.write('GET /api/v1/keys HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'),
        );
        let answer = '';
        client.on('data', (chunk: Buffer) => {
          answer += chunk.toString('latin1');
          if (answer.includes('\r\n\r\n')) {
            client.destroy();
            resolve(answer);
          }
        });
        client.on('error', reject);
        client.setTimeout(5_000, () => client.destroy(new Error('no answer: the proxy held the head back')));
      });
      assert.match(head, /^HTTP\/1\.1 200/);
    } finally {
      await close(single);
      await close(early);
    }
  });
});
