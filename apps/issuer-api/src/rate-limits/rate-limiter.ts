import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimitStore } from './rate-limit.store';
import { PermitLeases } from './permit-leases';
import { ALLOWED, decide, retryAfterSeconds, type RateLimitDecision, type RateLimitPolicy, type WindowCount } from './rate-limit-window';
import { RefusalCache } from './refusal-cache';

/**
 * The one rate limiting mechanism of issuer-api (API.md §13): a policy's counter per client, shared by every replica
 * through PostgreSQL. At most one statement per request; none for a client this replica already saw over its limit
 * (RefusalCache), none for a policy that is off, and none while a busy client's lease of permits counted ahead lasts
 * (PermitLeases: one statement per tenth of a second or so for a client sending hundreds of requests a second).
 */
@Injectable()
export class RateLimiter {
  private readonly refusals = new RefusalCache();
  private readonly leases = new PermitLeases();

  constructor(@Inject(RateLimitStore) private readonly store: RateLimitStore) {}

  /** Counts one request of `client` (an address, a principal's fingerprint) against `policy`. */
  async consume(policy: RateLimitPolicy, client: string): Promise<RateLimitDecision> {
    if (policy.limit === 0) return ALLOWED;
    const bucket = bucketOf(policy, client);
    // Permits already counted are within the limit, even once a later count went over it.
    if (this.leases.take(bucket, Date.now())) return ALLOWED;
    const refusing = this.refusals.refusing(bucket, Date.now());
    if (refusing !== undefined) return { allowed: false, retryAfterSeconds: retryAfterSeconds(policy, refusing) };
    const refill = this.leases.refillInFlight(bucket);
    if (refill) {
      await refill;
      if (this.leases.takeAfterRefill(bucket, Date.now())) return ALLOWED;
    }
    const extra = this.leases.extraFor(bucket, policy);
    let count: WindowCount;
    try {
      count = await this.store.count(bucket, policy, extra);
    } catch (error) {
      if (extra) this.leases.refillFailed(bucket);
      throw error;
    }
    if (extra) this.leases.refilled(bucket, count.spare, count.msLeft, Date.now());
    const decision = decide(policy, count);
    if (!decision.allowed) this.refusals.remember(bucket, count.msLeft, Date.now());
    return decision;
  }
}

/** The counter's key: the policy and a hash of the client, so that no address or key material is stored and keys stay short. */
export function bucketOf(policy: RateLimitPolicy, client: string): string {
  return `${policy.name}:${createHash('sha256').update(client).digest('base64url').slice(0, 22)}`;
}
