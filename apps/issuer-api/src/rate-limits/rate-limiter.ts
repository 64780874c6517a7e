import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimitStore } from './rate-limit.store';
import { ALLOWED, decide, retryAfterSeconds, type RateLimitDecision, type RateLimitPolicy } from './rate-limit-window';
import { RefusalCache } from './refusal-cache';

/**
 * The one rate limiting mechanism of issuer-api (API.md §13): a policy's counter per client, shared by every replica
 * through PostgreSQL. At most one statement per request; none for a client this replica already saw over its limit
 * (RefusalCache) and none for a policy that is off.
 */
@Injectable()
export class RateLimiter {
  private readonly refusals = new RefusalCache();

  constructor(@Inject(RateLimitStore) private readonly store: RateLimitStore) {}

  /** Counts one request of `client` (an address, a principal's fingerprint) against `policy`. */
  async consume(policy: RateLimitPolicy, client: string): Promise<RateLimitDecision> {
    if (policy.limit === 0) return ALLOWED;
    const bucket = bucketOf(policy, client);
    const refusing = this.refusals.refusing(bucket, Date.now());
    if (refusing !== undefined) return { allowed: false, retryAfterSeconds: retryAfterSeconds(policy, refusing) };
    const count = await this.store.count(bucket, policy);
    const decision = decide(policy, count);
    if (!decision.allowed) this.refusals.remember(bucket, count.msLeft, Date.now());
    return decision;
  }
}

/** The counter's key: the policy and a hash of the client, so that no address or key material is stored and keys stay short. */
export function bucketOf(policy: RateLimitPolicy, client: string): string {
  return `${policy.name}:${createHash('sha256').update(client).digest('base64url').slice(0, 22)}`;
}
