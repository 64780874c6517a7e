import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/** The routes a controller declares, as `METHOD /route` in Fastify's form (`request.routeOptions.url`), from the Nest metadata. */
export function declaredRoutes(controller: Type): string[] {
  const routes: string[] = [];
  const bases = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
  for (const name of Object.getOwnPropertyNames(controller.prototype)) {
    const handler = (controller.prototype as Record<string, unknown>)[name];
    if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
    const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
    for (const base of bases)
      for (const path of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat())
        routes.push(`${method} /${[base, path].filter((p) => p && p !== '/').join('/')}`);
  }
  return routes;
}

/** Whether the controller serves any admin API route (under /api/). */
export function servesAdminApi(controller: Type): boolean {
  return declaredRoutes(controller).some((route) => route.split(' ')[1].startsWith('/api/'));
}
