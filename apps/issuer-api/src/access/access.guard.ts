import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@issuer/platform';
import { AuditTrail } from '../audit/audit-trail';
import { StreamTokenService } from '../events/stream-token.service';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { permissionFor } from './admin-permissions';
import { authorize, type AccessLookups } from './access-decision';
import { ResourceOwnerRepository } from './ownership/resource-owner.repository';
import { PrincipalAuthenticator } from './principal-authenticator';
import { PrincipalStreams } from './principal-streams';
import { principalKey } from './principal';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { apiKeyUsable } from './api-keys/api-key-secret';
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
    @Inject(PrincipalStreams) private readonly streams: PrincipalStreams,
    @Inject(ApiKeyRepository) private readonly apiKeys: ApiKeyRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
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
    const stream = permission.scope === 'issuer' && permission.stream === true;
    if (stream && (await this.openedByStreamToken(request, params))) return true;
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    setPrincipal(request, principal);
    try {
      await authorize(principal, permission, { method: request.method, params, body: request.body }, this.lookups);
    } catch (error) {
      // A refused change is recorded before the refusal is answered (API.md §13); refused reads are not.
      await this.audit.refused(request, principal, permission, error);
      throw error;
    }
    if (stream) this.streams.track(principalKey(principal), principal.expiresAt, request.raw);
    return true;
  }

  /**
   * SSE for browsers (EventSource cannot send headers): `?token=` without an Authorization header opens exactly the
   * stream the token was minted for, and minting needed what reading the stream needs (admin-permissions.ts). The
   * stream is followed under the principal that minted the token, so that revoking it ends the stream too; a token
   * minted by an API key revoked since opens nothing.
   */
  private async openedByStreamToken(request: FastifyRequest, params: Record<string, string | undefined>): Promise<boolean> {
    const token = (request.query as { token?: unknown } | undefined)?.token;
    if (token === undefined || request.headers.authorization) return false;
    const check =
      typeof token === 'string' ? await this.streamTokens.verify(token, params['issuerId'] ?? '', params['sessionId']) : undefined;
    if (!check?.valid) throw new AppError('UNAUTHORIZED', 'The stream token is not valid for this stream, or has expired');
    // An SSO principal's streams end at its token's exp; an API key's at the key's expiry, read now (it may have changed).
    let expiresAt = check.mintedUntil;
    if (check.mintedBy?.startsWith('api-key:')) {
      const key = await this.apiKeys.findById(check.mintedBy.slice('api-key:'.length));
      if (!key || !apiKeyUsable(key, new Date()))
        throw new AppError('UNAUTHORIZED', 'The stream token was minted by an API key that is no longer valid');
      expiresAt = key.expiresAt ?? undefined;
    }
    if (check.mintedBy) this.streams.track(check.mintedBy, expiresAt, request.raw);
    return true;
  }
}
