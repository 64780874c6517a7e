import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundGuard, parseOutboundAllowList } from '@issuer/platform';
import { WebhookSender } from './webhook-sender';

describe('WebhookSender', () => {
  let server: Server;
  let url: string;
  const received: IncomingHttpHeaders[] = [];
  const sender = new WebhookSender(new OutboundGuard(parseOutboundAllowList('127.0.0.1')), 10_000);
  const target = (bearerToken?: string) => ({ issuerId: 'i', sessionId: 's', url, bearerToken, signingSecrets: [] });

  before(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(204).end());
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
});
