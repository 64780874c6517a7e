import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createGuardedFetch } from './guarded-fetch';
import { OutboundGuard, parseOutboundAllowList } from './outbound-guard';

describe('createGuardedFetch', () => {
  let server: Server;
  let base: string;
  const listed = new OutboundGuard(parseOutboundAllowList('127.0.0.1'));
  const guarded = createGuardedFetch({ guard: listed, timeoutMs: 500, maxBytes: 1000, allowHttpForListedHosts: true });

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path === '/echo')
          res
            .setHeader('content-type', 'application/json')
            .end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] }));
        else if (path === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        else if (path === '/big') res.end('x'.repeat(5000));
        else if (path === '/slow') setTimeout(() => res.end('late'), 2000);
        else res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends the method, headers and body and returns a Response', async () => {
    const res = await guarded(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ a: '1' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { method: 'POST', body: 'a=1', type: 'application/x-www-form-urlencoded' });
  });

  it('returns redirects instead of following them', async () => {
    const res = await guarded(`${base}/redirect`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'http://169.254.169.254/');
  });

  it('bounds the answer in size and time, naming the URL without its query', async () => {
    await assert.rejects(
      guarded(`${base}/big?secret=1`),
      (e: Error) => /big answered more than 1000 bytes/.test(e.message) && !e.message.includes('secret'),
    );
    await assert.rejects(guarded(`${base}/slow`), /did not answer within 500 ms/);
  });

  it('refuses http for hosts that are not listed, and private addresses without an allow-list entry', async () => {
    const strict = createGuardedFetch({
      guard: new OutboundGuard(parseOutboundAllowList('')),
      timeoutMs: 500,
      maxBytes: 1000,
      allowHttpForListedHosts: true,
    });
    await assert.rejects(strict(`${base}/echo`), /only https/);
    await assert.rejects(strict(`https://127.0.0.1:1/x`), /private, loopback/);
    await assert.rejects(createGuardedFetch({ guard: listed, timeoutMs: 500, maxBytes: 1000 })(`${base}/echo`), /only https/);
    await assert.rejects(guarded('file:///etc/passwd'), /only https/);
  });
});
