import type { Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RateLimitStore } from './rate-limit.store';
import { RateLimitSweeper } from './rate-limit.sweeper';
import { RateLimiter } from './rate-limiter';

/** issuer-api's rate limits (API.md §13): the shared limiter and the interceptor that applies it per route family. */
export const RATE_LIMIT_PROVIDERS: Provider[] = [
  RateLimitStore,
  RateLimiter,
  RateLimitSweeper,
  { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
];
