import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Module, Post, Res } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { createHttpApp } from '../nest/create-http-app';
import type { PlatformRuntime } from '../nest/platform-runtime';
import { createLogger } from '../observability/logger';
import type { CorsRule, CorsRules } from './cors';

class ChallengeError extends Error {
  readonly error = 'invalid_token';
  readonly status = 401;
  readonly headers = { 'www-authenticate': 'DPoP error="invalid_token"' };
}

@Controller()
class TestController {
  @Get(['doc', 'listed-doc'])
  doc(@Res() reply: FastifyReply) {
    reply.header('vary', 'accept').send({ ok: true });
  }

  @Post('wallet')
  wallet(): never {
    throw new ChallengeError('no access token');
  }

  @Get('stream')
  stream(@Res() reply: FastifyReply) {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.end(': hi\n\n');
  }

  @Get('api/x')
  admin() {
    return { ok: true };
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

const rule = (origins: CorsRule['origins']): CorsRule => ({
  origins,
  methods: ['GET', 'POST'],
  allowHeaders: ['Authorization'],
  exposeHeaders: ['WWW-Authenticate'],
  maxAgeSeconds: 60,
});

/** The hooks of createHttpApp: preflights, errors, routes that set their own Vary, hijacked streams, paths without a rule. */
describe('createHttpApp with CORS rules', () => {
  let app: NestFastifyApplication;
  const rules: CorsRules = (path) =>
    path === '/doc'
      ? rule('*')
      : ['/wallet', '/stream', '/listed-doc'].includes(path)
        ? rule(new Set(['https://wallet.example']))
        : undefined;

  before(async () => {
    const logger = createLogger('cors-hook-spec', 'silent');
    app = await createHttpApp(TestModule, { logger } as PlatformRuntime, { cors: rules });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  after(async () => app?.close());

  const inject = (method: string, url: string, headers: Record<string, string> = {}) =>
    app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: method as 'GET', url, headers });

  it('answers a preflight with 204, the allow headers and a request id, without routing it', async () => {
    const response = await inject('OPTIONS', '/wallet', { origin: 'https://wallet.example', 'access-control-request-method': 'POST' });
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['access-control-allow-origin'], 'https://wallet.example');
    assert.equal(response.headers['access-control-allow-methods'], 'GET, POST');
    assert.equal(response.headers['access-control-allow-headers'], 'Authorization');
    assert.equal(response.headers['vary'], 'Origin');
    assert.ok(response.headers['x-request-id']);
  });

  it('puts CORS on an error answer, so the 401 challenge is readable', async () => {
    const response = await inject('POST', '/wallet?x=1', { origin: 'https://wallet.example' });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'DPoP error="invalid_token"');
    assert.equal(response.headers['access-control-allow-origin'], 'https://wallet.example');
    assert.equal(response.headers['access-control-expose-headers'], 'WWW-Authenticate');
  });

  it('gives another origin no allow-origin, only Vary: Origin', async () => {
    const response = await inject('POST', '/wallet', { origin: 'https://evil.example' });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['access-control-allow-origin'], undefined);
    assert.equal(response.headers['vary'], 'Origin');
  });

  it('keeps a route’s own Vary, and adds Origin to it when the answer depends on the origin', async () => {
    const open = await inject('GET', '/doc', { origin: 'https://any.example' });
    assert.equal(open.headers['access-control-allow-origin'], '*');
    assert.equal(open.headers['vary'], 'accept');
    const listed = await inject('GET', '/listed-doc', { origin: 'https://wallet.example' });
    assert.equal(listed.headers['access-control-allow-origin'], 'https://wallet.example');
    assert.equal(listed.headers['vary'], 'accept, Origin');
  });

  it('reaches a hijacked stream, and adds Origin to no Vary twice', async () => {
    const response = await inject('GET', '/stream', { origin: 'https://wallet.example' });
    assert.equal(response.headers['access-control-allow-origin'], 'https://wallet.example');
    assert.equal(response.headers['vary'], 'Origin');
  });

  it('adds nothing where no rule applies, and leaves its OPTIONS to routing (404)', async () => {
    const get = await inject('GET', '/api/x', { origin: 'https://wallet.example' });
    assert.equal(get.statusCode, 200);
    assert.deepEqual(
      Object.keys(get.headers).filter((name) => name.startsWith('access-control-') || name === 'vary'),
      [],
    );
    const preflight = await inject('OPTIONS', '/api/x', { origin: 'https://wallet.example', 'access-control-request-method': 'GET' });
    assert.equal(preflight.statusCode, 404);
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
  });
});
