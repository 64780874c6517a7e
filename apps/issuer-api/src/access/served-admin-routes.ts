import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { LOGGER, type Logger } from '@issuer/platform';
import { permissionFor, PUBLIC_API_ROUTE } from './admin-permissions';

/**
 * The routes Fastify serves under `/api/`, collected as they are registered (an onRoute hook added while the module
 * is built, before Nest registers its routes). Those without a permission entry are refused by AccessGuard anyway;
 * this makes them visible: an error at start-up, and `unmapped` in `GET /api/v1/permissions`, which the permission
 * matrix test asserts is empty.
 */
@Injectable()
export class ServedAdminRoutes {
  private readonly routes = new Set<string>();

  constructor(@Inject(HttpAdapterHost) host: HttpAdapterHost, @Inject(LOGGER) logger: Logger) {
    // No HTTP adapter when the module is built without a server (tests of providers): nothing is served then.
    const fastify = host.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify) return;
    fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD' && route.url.startsWith('/api/') && !PUBLIC_API_ROUTE.test(route.url))
          this.routes.add(`${method} ${route.url}`);
      }
    });
    fastify.addHook('onReady', (done) => {
      const unmapped = this.unmapped();
      if (unmapped.length) logger.error({ routes: unmapped }, 'admin routes without a permission entry: every request to them is refused');
      done();
    });
  }

  /** `METHOD /route` of every admin route served. */
  served(): string[] {
    return [...this.routes].sort();
  }

  /** Served admin routes that admin-permissions.ts does not name. */
  unmapped(): string[] {
    return this.served().filter((entry) => {
      const [method, route] = entry.split(' ') as [string, string];
      return !permissionFor(method, route);
    });
  }
}
