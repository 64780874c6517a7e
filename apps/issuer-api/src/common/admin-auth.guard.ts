import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@issuer/platform';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';
import { safeEqual } from './secrets';

/** Admin API authentication: `Authorization: Bearer <one of ADMIN_API_KEYS>`, else 401 problem+json. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(@Inject(ISSUER_API_CONFIG) private readonly config: IssuerApiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHORIZED', 'An admin API key is required (Authorization: Bearer <key>)');
    const presented = match[1];
    let ok = false;
    for (const key of this.config.adminApiKeys) ok = safeEqual(presented, key) || ok;
    if (!ok) throw new AppError('UNAUTHORIZED', 'The admin API key is not valid');
    return true;
  }
}
