import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@issuer/platform';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';
import { adminPrincipalOf } from './admin-principal.key';
import { rateLimitFamilyOf, type RateLimitFamily } from './rate-limit.families';
import type { RateLimitPolicy } from './rate-limit-window';
import { RateLimiter } from './rate-limiter';

interface FamilyLimit {
  policy: RateLimitPolicy;
  /** Whom a request counts against; undefined: not counted. */
  clientOf(request: FastifyRequest): string | undefined;
  /** error_description / detail of the 429. */
  refusal: string;
}

/**
 * Applies the rate limit of a request's route family (rate-limit.families.ts) before its handler runs. A global guard
 * registered after the AccessGuard (issuer-api.module.ts lists ACCESS_PROVIDERS first), not a Fastify hook, so the
 * admin limit counts authenticated principals only; a guard rather than an interceptor, so that wallet requests do
 * not pay for an interceptor chain (rxjs, async resources) they do not need.
 * A refusal is a 429 with Retry-After in the family's error format (the error filter: OAuth JSON with
 * `rate_limited` for wallet endpoints, problem+json for the admin API).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly families: Record<RateLimitFamily, FamilyLimit>;

  constructor(
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(ISSUER_API_CONFIG) config: IssuerApiConfig,
  ) {
    this.families = {
      wallet: {
        policy: { name: 'wallet', limit: config.walletRequestsPerMinute, windowSeconds: 60 },
        // request.ip honours X-Forwarded-For of TRUSTED_PROXIES only (createHttpApp).
        clientOf: (request) => request.ip,
        refusal: 'too many requests from this client address',
      },
      admin: {
        policy: { name: 'admin', limit: config.adminRequestsPerMinute, windowSeconds: 60 },
        clientOf: adminPrincipalOf,
        refusal: 'too many admin API requests from this principal',
      },
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const family = rateLimitFamilyOf(request.method, request.routeOptions?.url);
    if (!family) return true;
    const { policy, clientOf, refusal } = this.families[family];
    const client = clientOf(request);
    if (client === undefined) return true;
    const decision = await this.limiter.consume(policy, client);
    if (!decision.allowed) {
      const seconds = decision.retryAfterSeconds;
      throw new AppError('RATE_LIMITED', `${refusal}; retry in ${seconds} s`, undefined, {
        headers: { 'retry-after': String(seconds) },
      });
    }
    return true;
  }
}
