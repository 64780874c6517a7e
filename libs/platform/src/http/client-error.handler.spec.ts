import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger } from '../observability/logger';
import { createClientErrorHandler, createExpectationFailedHandler, requestTargetOf } from './client-error.handler';

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

describe('createClientErrorHandler', () => {
  /** Sends raw bytes; resolves with everything the server sent before it closed the connection. */
  function exchange(server: Server, bytes: Buffer): Promise<string> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      let answer = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
      socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
      socket.on('close', () => resolve(answer)).on('error', reject);
    });
  }

  it('answers a request the parser refuses in the path family format with an x-request-id, and logs that id', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString('utf8'))), done()) });
    const server = createServer((_req, res) => res.end('routed'));
    server.on('clientError', createClientErrorHandler(pino({ level: 'warn' }, sink)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const badByte = Buffer.concat([
        Buffer.from('GET /api/v1/issuers/'),
        Buffer.from([0xff]),
        Buffer.from(' HTTP/1.1\r\nHost: a\r\n\r\n'),
      ]);
      const admin = await exchange(server, badByte);
      assert.match(admin, /^HTTP\/1\.1 400 /);
      assert.match(admin, /\r\nContent-Type: application\/problem\+json/);
      const adminId = /\r\nx-request-id: ([0-9a-f-]{36})\r\n/.exec(admin)?.[1];
      assert.ok(adminId, admin);

      const huge = Buffer.from(`GET /issuers/a/nonce HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      const wallet = await exchange(server, huge);
      assert.match(wallet, /^HTTP\/1\.1 431 /);
      assert.equal(JSON.parse(wallet.slice(wallet.indexOf('\r\n\r\n') + 4)).error, 'invalid_request');
      const walletId = /\r\nx-request-id: ([0-9a-f-]{36})\r\n/.exec(wallet)?.[1];

      assert.deepEqual(
        lines.map((l) => [l.reqId, l.status, l.msg]),
        [
          [adminId, 400, 'request refused by the HTTP parser'],
          [walletId, 431, 'request refused by the HTTP parser'],
        ],
      );
    } finally {
      server.close();
    }
  });
});
