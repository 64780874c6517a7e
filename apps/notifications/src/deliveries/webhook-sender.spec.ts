import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundGuard, parseOutboundAllowList } from '@issuer/platform';
import { WebhookSender } from './webhook-sender';

describe('WebhookSender', () => {
  let server: Server;
  let url: string;
  const received: IncomingHttpHeaders[] = [];
  const bodies: string[] = [];
  const sender = new WebhookSender(new OutboundGuard(parseOutboundAllowList('127.0.0.1')), 10_000);
  const target = (bearerToken?: string) => ({ issuerId: 'i', sessionId: 's', url, bearerToken, signingSecrets: [] });

  before(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      bodies.push('');
      req.on('data', (chunk) => (bodies[bodies.length - 1] += chunk));
      req.on('end', () => {
        if (req.url === '/moved') res.writeHead(301, { location: '/hook' }).end();
        else if (req.url === '/chatty') res.writeHead(200).end('x'.repeat(200 * 1024));
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the bearer token in the Authorization header', async () => {
    const result = await sender.send(target('tok-en.1~+/=='), '8b0e4c4e-1b7a-4a8e-9c64-0a0f1f2e3d4c', '{}');
    assert.deepEqual(result, { ok: true, statusCode: 204 });
    assert.equal(received.at(-1)?.authorization, 'Bearer tok-en.1~+/==');
  });

  for (const token of ['a\nb', 'tok€n']) {
    it(`a bearer token node refuses as a header (${JSON.stringify(token)}) is a failed attempt, not an exception`, async () => {
      const before = received.length;
      const result = await sender.send(target(token), '8b0e4c4e-1b7a-4a8e-9c64-0a0f1f2e3d4c', '{}');
      assert.equal(result.ok, false);
      assert.equal(result.statusCode, null);
      assert.match(!result.ok ? result.error : '', /could not be made/);
      assert.equal(received.length, before, 'nothing reached the receiver');
    });
  }

  it('signs with every secret (Standard Webhooks) and sends the event id and timestamp', async () => {
    const secrets = ['whsec_' + Buffer.from('first secret').toString('base64'), 'whsec_' + Buffer.from('second').toString('base64')];
    const result = await sender.send({ ...target(), signingSecrets: secrets }, 'evt-1', '{"event":"offer_created"}');
    assert.deepEqual(result, { ok: true, statusCode: 204 });
    const headers = received.at(-1)!;
    assert.equal(headers['webhook-id'], 'evt-1');
    assert.equal(bodies.at(-1), '{"event":"offer_created"}');
    const signed = `evt-1.${headers['webhook-timestamp']}.{"event":"offer_created"}`;
    const expected = ['first secret', 'second'].map((key) => `v1,${createHmac('sha256', key).update(signed).digest('base64')}`);
    assert.equal(headers['webhook-signature'], expected.join(' '));
  });

  it('does not follow redirects, reads past a large answer, and refuses hosts outside OUTBOUND_ALLOWED_HOSTS', async () => {
    const at = (path: string) => ({ ...target(), url: url.replace('/hook', path) });
    const before = received.length;
    assert.deepEqual(await sender.send(at('/moved'), 'evt-2', '{}'), {
      ok: false,
      statusCode: 301,
      error: 'HTTP 301 (redirects are not followed)',
    });
    assert.equal(received.length, before + 1, 'the redirect target was not called');
    assert.deepEqual(await sender.send(at('/chatty'), 'evt-3', '{}'), { ok: true, statusCode: 200 });
    const strict = new WebhookSender(new OutboundGuard(parseOutboundAllowList('')), 10_000);
    const refused = await strict.send(target(), 'evt-4', '{}');
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.error : '', /^refused: .*OUTBOUND_ALLOWED_HOSTS/);
  });
});
