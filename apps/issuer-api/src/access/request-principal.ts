import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@issuer/platform';
import type { Principal } from './principal';

/** Set by AccessGuard once a request is authenticated; kept off the request object so nothing else can forge it. */
const principals = new WeakMap<FastifyRequest, Principal>();

export function setPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request, principal);
}

/** The authenticated principal, if AccessGuard authenticated the request (a stream opened by `?token=` has none). */
export function authenticatedPrincipal(request: FastifyRequest): Principal | undefined {
  return principals.get(request);
}

/** The authenticated principal; a handler reached without one (a route AccessGuard let through) is refused. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw new AppError('UNAUTHORIZED', 'An admin API key is required (Authorization: Bearer <key>)');
  return principal;
}

/** Handler parameter: the principal making the request (listings filter by its scope, ownership checks use it). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
