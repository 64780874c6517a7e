import { RequestMethod, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { HTTP_CODE_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { z } from 'zod';
import { SchemaPipe } from '../common/schema.pipe';

/** One route as Nest registers it with Fastify, with what its handler validates. */
export interface CatalogRoute {
  /** `'<METHOD> <route>'` exactly as Fastify knows the route (`request.routeOptions.url`), e.g. `GET /api/v1/keys/:keyId`. */
  key: string;
  method: string;
  route: string;
  /** `Controller.method`, for messages. */
  handler: string;
  /** The status of `@HttpCode`, else Nest's default (201 for POST, 200 otherwise). */
  status: number;
  body?: z.ZodType;
  query?: z.ZodType;
  /** `@Body()` or `@Query()` arguments the handler reads without a SchemaPipe: input the document cannot describe. */
  unvalidated: ('body' | 'query')[];
}

type ModuleRef = Type | DynamicModule | ForwardReference | Promise<DynamicModule>;

/**
 * Every route of the controllers of `root` and the modules it imports, read from the same decorator metadata Nest's
 * router reads when it registers them with Fastify: a controller added anywhere in the module tree is in the catalog
 * without anyone listing it.
 */
export function routeCatalog(root: Type): CatalogRoute[] {
  return controllersOf(root, new Set()).flatMap(routesOf);
}

function controllersOf(ref: ModuleRef, seen: Set<unknown>): Type[] {
  if (ref instanceof Promise) throw new Error('asynchronous dynamic modules are not supported by the OpenAPI route catalog');
  const module = 'forwardRef' in ref ? ref.forwardRef() : ref;
  if (seen.has(module)) return [];
  seen.add(module);
  const dynamic = 'module' in module ? module : undefined;
  const type = dynamic ? dynamic.module : (module as Type);
  const metadata = <T>(key: string): T[] => (Reflect.getMetadata(key, type) as T[] | undefined) ?? [];
  const controllers = [...metadata<Type>(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])];
  const imports = [...metadata<ModuleRef>(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])];
  return [...controllers, ...imports.flatMap((imported) => controllersOf(imported, seen))];
}

function routesOf(controller: Type): CatalogRoute[] {
  const prototype = controller.prototype as Record<string, unknown>;
  const bases = asList(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const handler = prototype[name];
    const methodCode = typeof handler === 'function' ? (Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined) : undefined;
    if (methodCode === undefined) return [];
    const method = RequestMethod[methodCode];
    const args = argumentsOf(controller, name);
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler as object) as number | undefined) ?? (method === 'POST' ? 201 : 200);
    const paths = asList(Reflect.getMetadata(PATH_METADATA, handler as object) as string | string[] | undefined);
    return bases.flatMap((base) =>
      paths.map((path) => {
        const route = joinRoute(base, path);
        return { key: `${method} ${route}`, method, route, handler: `${controller.name}.${name}`, status, ...args };
      }),
    );
  });
}

interface RouteArgument {
  pipes?: unknown[];
}

/** The schemas of the `@Body()` and `@Query()` arguments, from the SchemaPipe each is declared with. */
function argumentsOf(controller: Type, name: string): Pick<CatalogRoute, 'body' | 'query' | 'unvalidated'> {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, RouteArgument>;
  const found: Pick<CatalogRoute, 'body' | 'query' | 'unvalidated'> = { unvalidated: [] };
  for (const [slot, argument] of Object.entries(args)) {
    const type = Number(slot.split(':')[0]);
    const where = type === RouteParamtypes.BODY ? 'body' : type === RouteParamtypes.QUERY ? 'query' : undefined;
    if (!where) continue;
    const pipe = argument.pipes?.find((p): p is SchemaPipe<z.ZodType> => p instanceof SchemaPipe);
    if (pipe) found[where] = pipe.schema;
    else found.unvalidated.push(where);
  }
  return found;
}

/** The route as Nest hands it to Fastify: `/`-joined, no trailing slash (`@Get()` under `api/v1/keys` is `/api/v1/keys`). */
function joinRoute(base: string, path: string): string {
  const joined = `/${base}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? ['/'] : [value].flat();
}
