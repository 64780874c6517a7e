import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Logger } from '@issuer/platform';

/**
 * Logs at debug level, once the server is ready, every route Fastify serves as `'<METHOD> <route>'` (the form of
 * `request.routeOptions.url`): what really answers, whoever registered it, for operators and for e2e/openapi.e2e-spec.ts,
 * which holds it against the OpenAPI document. Only routes registered after this call are seen: both entry points call
 * setupOpenApi right after creating the app, before Nest registers the controllers' routes (at listen).
 */
export function logServedRoutes(fastify: FastifyInstance, logger: Logger): void {
  const routes: string[] = [];
  fastify.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
  });
  fastify.addHook('onReady', (done) => {
    logger.debug({ routes: routes.sort() }, 'HTTP routes served');
    done();
  });
}
