/**
 * The windows this replica has seen refuse, until they end. A client over its limit is answered from here without a
 * database statement, so a flood costs one statement per client and window on each replica, not one per request.
 * It can only refuse what the shared counter would refuse too: a full window stays full until it ends.
 */
export class RefusalCache {
  /** bucket → end of its full window (this process's clock: only durations from the database are used). */
  private readonly until = new Map<string, number>();

  /** `maxEntries`: buckets remembered at most, the oldest forgotten first (bounded memory under a flood of clients). */
  constructor(private readonly maxEntries = 10_000) {}

  remember(bucket: string, msLeft: number, now: number): void {
    this.until.delete(bucket);
    this.until.set(bucket, now + msLeft);
    while (this.until.size > this.maxEntries) this.until.delete(this.until.keys().next().value as string);
  }

  /** Milliseconds the bucket's window still refuses, or undefined: ask the shared counter. */
  refusing(bucket: string, now: number): number | undefined {
    const until = this.until.get(bucket);
    if (until === undefined) return undefined;
    if (until > now) return until - now;
    this.until.delete(bucket);
    return undefined;
  }
}
