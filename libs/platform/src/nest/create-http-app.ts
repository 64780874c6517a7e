import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { AllExceptionsFilter, sendError } from '../http/all-exceptions.filter';
import { applyCors, keepVaryOrigin, type CorsRules } from '../http/cors';
import { errorResponseFor } from '../http/error-response';
import { createClientErrorHandler, createConnectRefusalHandler, createExpectationFailedHandler } from '../http/client-error.handler';
import { drainRefusedBody, lingerForUnreadBody } from '../http/refused-body-drain';
import { fastifyTrustProxy, NO_TRUSTED_PROXIES, type TrustedProxies } from '../http/trusted-proxies';
import { NestPinoLogger } from '../observability/nest-logger';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';
import { httpRequestDuration } from '../observability/metrics';
import type { PlatformRuntime } from './platform-runtime';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType ?? '');
}
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpAppOptions {
  /** CORS per path family (issuer-api's public edge); none: no CORS headers on any answer. */
  cors?: CorsRules;
  /**
   * The proxies whose `X-Forwarded-For` makes `request.ip` (the right-most untrusted address); none: `request.ip` is
   * the socket peer and the header is ignored, so that no client can choose its own address.
   */
  trustedProxies?: TrustedProxies;
}

/**
 * Creates the Nest application on Fastify with the platform's HTTP conventions: request ids echoed in
 * `x-request-id`, one error format per path family, CORS per path family when given, metrics per route, no
 * per-request log of payloads.
 */
export async function createHttpApp(
  rootModule: unknown,
  runtime: PlatformRuntime,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  installLeanAsyncResourceBind();
  const adapter = new FastifyAdapter({
    // Connection-level errors (oversized headers, malformed HTTP) happen before any route runs.
    clientErrorHandler: createClientErrorHandler(runtime.logger),
    // Errors Fastify raises before routing (malformed URL, bad headers) use the same error formats.
    // They are answered before any hook runs, so the lingering close of onSend is arranged here too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      reply.removeHeader('connection');
      lingerForUnreadBody(request.raw, reply.raw);
      sendError(reply, errorResponseFor(request.url, error), runtime.logger, error, request.id);
    },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(options.trustedProxies ?? NO_TRUSTED_PROXIES),
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, {
    logger: new NestPinoLogger(runtime.logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.server.on('checkExpectation', createExpectationFailedHandler(runtime.logger));
  fastify.server.on('connect', createConnectRefusalHandler(runtime.logger));
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    reply.header('x-request-id', request.id);
    // Before any refusal below, so that a browser can read refusals too; a preflight is answered here.
    if (options.cors && applyCors(options.cors, request, reply)) return;
    // The admin API speaks JSON only (API.md §0); a form or text body is refused, not half-parsed.
    if (request.url.startsWith('/api/') && hasBody(request) && !isJson(request.headers['content-type'])) {
      done(new AppError('UNSUPPORTED_MEDIA_TYPE', 'The admin API accepts application/json bodies only'));
      return;
    }
    done();
  });
  fastify.addHook('onSend', drainRefusedBody);
  if (options.cors) {
    fastify.addHook('onSend', (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
      keepVaryOrigin(reply);
      done(null, payload);
    });
  }
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    // Access lines only at debug level: never the payload, never the query string (it may carry codes).
    if (runtime.logger.isLevelEnabled('debug')) {
      runtime.logger.debug(
        { reqId: request.id, method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        'request',
      );
    }
    done();
  });
  // Nest routes Fastify's own errors (body parsing, size limit) through the same filter.
  app.useGlobalFilters(new AllExceptionsFilter(runtime.logger));
  return app;
}
