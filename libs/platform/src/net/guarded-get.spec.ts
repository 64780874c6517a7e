import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedGetText } from './guarded-get';
import { OutboundGuard, OutboundRefused, parseOutboundAllowList } from './outbound-guard';

describe('guardedGetText', () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/json') res.end('{"name":"Erika"}');
      else if (req.url === '/big') res.end('x'.repeat(5000));
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000);
      else if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      else res.writeHead(500).end('secret internal detail');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.closeAllConnections() ?? server.close());

  const allowed = new OutboundGuard(parseOutboundAllowList('127.0.0.1'));
  const options = { guard: allowed, timeoutMs: 500, maxBytes: 1000 };

  it('returns the body of an allowed host', async () => {
    assert.equal(await guardedGetText(`${base}/json`, options), '{"name":"Erika"}');
  });

  it('refuses loopback hosts that are not allow-listed, before connecting', async () => {
    const guard = new OutboundGuard(parseOutboundAllowList(''));
    await assert.rejects(guardedGetText(`${base}/json`, { ...options, guard }), OutboundRefused);
  });

  it('bounds size and time, does not follow redirects, and never echoes an error body', async () => {
    await assert.rejects(guardedGetText(`${base}/big`, options), /more than 1000 bytes/);
    await assert.rejects(guardedGetText(`${base}/slow`, options), /did not answer within 500 ms/);
    await assert.rejects(guardedGetText(`${base}/redirect`, options), /answered 302/);
    await assert.rejects(
      guardedGetText(`${base}/error`, options),
      (error: Error) => /answered 500/.test(error.message) && !error.message.includes('secret'),
    );
    await assert.rejects(guardedGetText('file:///etc/passwd', options), OutboundRefused);
  });
});
