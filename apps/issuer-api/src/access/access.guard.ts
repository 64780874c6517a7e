import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@issuer/platform';
import { StreamTokenService } from '../events/stream-token.service';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { permissionFor } from './admin-permissions';
import { authorize, type AccessLookups } from './access-decision';
import { ResourceOwnerRepository } from './ownership/resource-owner.repository';
import { PrincipalAuthenticator } from './principal-authenticator';
import { setPrincipal } from './request-principal';

/**
 * The one guard of the admin API (registered globally): every route under `/api/` is looked up in the permission
 * table by the route Fastify matched, then the caller is authenticated and the entry enforced. A route missing from
 * the table is refused whoever asks (fail closed). Other paths (wallet endpoints, public documents) authenticate
 * their own way and pass untouched.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly lookups: AccessLookups;

  constructor(
    @Inject(PrincipalAuthenticator) private readonly authenticator: PrincipalAuthenticator,
    @Inject(StreamTokenService) private readonly streamTokens: StreamTokenService,
    @Inject(IssuerCatalog) catalog: IssuerCatalog,
    @Inject(ResourceOwnerRepository) owners: ResourceOwnerRepository,
  ) {
    this.lookups = {
      issuerExists: async (issuerId) => (await catalog.issuer(issuerId)) !== undefined,
      ownerOf: async (kind, id) => (await owners.find(kind, id))?.issuerId ?? null,
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith('/api/')) return true;
    const permission = permissionFor(request.method, route);
    if (!permission) throw new AppError('FORBIDDEN', `${request.method} ${route} has no entry in the permission table and is refused`);
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    if (permission.scope === 'issuer' && permission.stream && (await this.openedByStreamToken(request, params))) return true;
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    setPrincipal(request, principal);
    await authorize(principal, permission, { method: request.method, params, body: request.body }, this.lookups);
    return true;
  }

  /**
   * SSE for browsers (EventSource cannot send headers): `?token=` without an Authorization header opens exactly the
   * stream the token was minted for, and minting needed what reading the stream needs (admin-permissions.ts).
   */
  private async openedByStreamToken(request: FastifyRequest, params: Record<string, string | undefined>): Promise<boolean> {
    const token = (request.query as { token?: unknown } | undefined)?.token;
    if (token === undefined || request.headers.authorization) return false;
    if (typeof token !== 'string' || !(await this.streamTokens.verify(token, params['issuerId'] ?? '', params['sessionId'])))
      throw new AppError('UNAUTHORIZED', 'The stream token is not valid for this stream, or has expired');
    return true;
  }
}
