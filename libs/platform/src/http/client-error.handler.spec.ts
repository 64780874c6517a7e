import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../observability/logger';
import { createExpectationFailedHandler, requestTargetOf } from './client-error.handler';

describe('requestTargetOf', () => {
  it('reads the target of the request line the parser refused', () => {
    assert.equal(requestTargetOf(Buffer.from('GET /api/v1/x\xffy HTTP/1.1\r\nHost: a\r\n', 'latin1')), '/api/v1/x\xffy');
    assert.equal(requestTargetOf(Buffer.from('POST /issuers/a/token HTTP/1.1\r\nX-Big: aaa')), '/issuers/a/token');
  });

  it('reads it behind a method the parser does not know (lower case, made up)', () => {
    assert.equal(requestTargetOf(Buffer.from('get /api/v1/keys HTTP/1.1\r\n')), '/api/v1/keys');
    assert.equal(requestTargetOf(Buffer.from('BR3W /issuers/a/credential HTTP/1.1\r\n')), '/issuers/a/credential');
  });

  it('gives an empty target when there is no request line to read', () => {
    for (const raw of [undefined, 'not a buffer', Buffer.from('GARBAGE\r\n\r\n'), Buffer.alloc(0)]) assert.equal(requestTargetOf(raw), '');
  });
});

describe('createExpectationFailedHandler', () => {
  async function send(
    server: Server,
    path: string,
    expect: string,
  ): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { expect } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject).end();
    });
  }

  it('refuses an unknown expectation with 417 in the path family error format, with a request id', async () => {
    const server = createServer((_req, res) => res.end('routed'));
    server.on('checkExpectation', createExpectationFailedHandler(createLogger('test', 'silent')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const admin = await send(server, '/api/v1/keys', 'garbage');
      assert.equal(admin.status, 417);
      assert.match(String(admin.headers['content-type']), /^application\/problem\+json/);
      assert.match(String(admin.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      assert.equal(JSON.parse(admin.body).status, 417);
      const wallet = await send(server, '/issuers/a/token', 'fly');
      assert.equal(wallet.status, 417);
      assert.equal(JSON.parse(wallet.body).error, 'invalid_request');
    } finally {
      server.close();
    }
  });
});
