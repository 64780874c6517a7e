import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStore } from './rate-limit.store';
import { RateLimitSweeper } from './rate-limit.sweeper';
import { RateLimiter } from './rate-limiter';

/** issuer-api's rate limits (API.md §13): the shared limiter and the guard that applies it per route family
 * (after the AccessGuard: ACCESS_PROVIDERS come first in issuer-api.module.ts). */
export const RATE_LIMIT_PROVIDERS: Provider[] = [
  RateLimitStore,
  RateLimiter,
  RateLimitSweeper,
  { provide: APP_GUARD, useClass: RateLimitGuard },
];
