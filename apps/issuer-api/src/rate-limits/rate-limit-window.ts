/**
 * One rate limit (API.md §13): at most `limit` requests of one client per window of `windowSeconds`. A window opens
 * at a client's first counted request and lasts `windowSeconds` (a fixed window per client, not aligned to the
 * clock: every client gets its whole budget from its first request). `limit` 0: off.
 */
export interface RateLimitPolicy {
  /** Part of the counter's key: policies never share a counter. */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export const ALLOWED: RateLimitDecision = { allowed: true };

/** What a counted request learns from its window: how many requests it holds now, and how long it still runs. */
export interface WindowCount {
  hits: number;
  msLeft: number;
  /** Permits counted beyond the request's own that are still within the limit (only when it asked for extra ones). */
  spare: number;
}

/**
 * The request that made the window's count `hits` is allowed while `hits` is within the limit. A refused client is
 * told to come back when the window ends: whole seconds (RFC 9110 §10.2.3), rounded up, at least 1.
 */
export function decide(policy: RateLimitPolicy, count: Pick<WindowCount, 'hits' | 'msLeft'>): RateLimitDecision {
  if (count.hits <= policy.limit) return ALLOWED;
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(policy, count.msLeft) };
}

export function retryAfterSeconds(policy: RateLimitPolicy, msLeft: number): number {
  return Math.min(policy.windowSeconds, Math.max(1, Math.ceil(msLeft / 1000)));
}
