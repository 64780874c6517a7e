import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@issuer/platform';
import { AdminAuthGuard } from '../common/admin-auth.guard';
import { StreamTokenService } from './stream-token.service';

/** SSE routes: the admin key, or `?token=` issued for exactly this stream (StreamTokenService). */
@Injectable()
export class StreamAuthGuard implements CanActivate {
  constructor(
    @Inject(AdminAuthGuard) private readonly admin: AdminAuthGuard,
    @Inject(StreamTokenService) private readonly tokens: StreamTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = (request.query as { token?: unknown } | undefined)?.token;
    if (token === undefined || request.headers.authorization) return this.admin.canActivate(context);
    const { issuerId, sessionId } = request.params as { issuerId: string; sessionId?: string };
    if (typeof token !== 'string' || !(await this.tokens.verify(token, issuerId, sessionId))) {
      throw new AppError('UNAUTHORIZED', 'The stream token is not valid for this stream, or has expired');
    }
    return true;
  }
}
