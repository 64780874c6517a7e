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
    const refused = this.refused(policy, bucket);
    if (refused) return refused;
    // While a top-up is counted, wait for it (and for the next one, if this one brought too few permits).
    for (let refill = this.leases.refillInFlight(bucket); refill; refill = this.leases.refillInFlight(bucket)) {
      await refill;
      if (this.leases.takeAfterRefill(bucket, Date.now())) return ALLOWED;
      // The top-up may have found the window full.
      const refusedNow = this.refused(policy, bucket);
      if (refusedNow) return refusedNow;
    }
    const topUp = this.leases.startTopUp(bucket, policy);
    const askedAt = Date.now();
    let count: WindowCount | undefined;
    try {
      count = await this.store.count(bucket, policy, topUp?.extra ?? 0);
    } finally {
      // Always ended, so that requests waiting for this top-up never wait forever.
      if (topUp && count) this.leases.refilled(topUp, count.spare, count.msLeft, askedAt);
      else if (topUp) this.leases.refillFailed(topUp);
    }
    const decision = decide(policy, count);
    // Dated from the send, like the lease: a slow answer must not make the refusal outlast the window.
    if (!decision.allowed) this.refusals.remember(bucket, count.msLeft, askedAt);
    return decision;
  }

  /** A refusal from the RefusalCache, if this replica knows the client's window is full. */
  private refused(policy: RateLimitPolicy, bucket: string): RateLimitDecision | undefined {
    const msLeft = this.refusals.refusing(bucket, Date.now());
    return msLeft === undefined ? undefined : { allowed: false, retryAfterSeconds: retryAfterSeconds(policy, msLeft) };
  }
}

/** The counter's key: the policy and a hash of the client, so that no address or key material is stored and keys stay short. */
export function bucketOf(policy: RateLimitPolicy, client: string): string {
  return `${policy.name}:${createHash('sha256').update(client).digest('base64url').slice(0, 22)}`;
}
