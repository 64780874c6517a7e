/**
 * Per-client-address throttling of login form posts: at most `limit` attempts in any `windowMs` (a sliding window
 * of attempt times per address). It bounds password spraying across many users from one address, which the
 * per-user lockout does not see.
 *
 * In memory, per replica: with N issuer-api replicas an address gets up to N × `limit` attempts, and a restart
 * forgets the windows. That is enough to slow an attacker down next to the per-user lockout (which is in the
 * database and exact); an exact limit across replicas would need a shared counter (PostgreSQL or NATS KV).
 * The address is what Fastify reports (`trustProxy: true`: the first X-Forwarded-For entry), so the proxy in front
 * must overwrite that header; one that appends to it lets a client choose its own address.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Addresses remembered at most; the least recently active are forgotten first (bounded memory under a flood). */
    private readonly maxAddresses = 50_000,
  ) {}

  /** Counts an attempt from `address` at `now`; false (not counted) when the address has used up its window. */
  attempt(address: string, now = Date.now()): boolean {
    const recent = (this.attempts.get(address) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.remember(address, recent);
      return false;
    }
    recent.push(now);
    this.remember(address, recent);
    return true;
  }

  /** Seconds until `address` may try again (for Retry-After); 0 when it may now. */
  retryAfterSeconds(address: string, now = Date.now()): number {
    const recent = (this.attempts.get(address) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limit] + this.windowMs - now) / 1000));
  }

  private remember(address: string, recent: number[]): void {
    // Re-inserted so that Map order is least recently active first.
    this.attempts.delete(address);
    if (recent.length) this.attempts.set(address, recent);
    while (this.attempts.size > this.maxAddresses) this.attempts.delete(this.attempts.keys().next().value as string);
  }
}
