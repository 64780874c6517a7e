/**
 * A small bounded cache with expiry, for immutable or briefly stale-tolerant data (public keys, issuer
 * metadata). Never the source of truth: every replica may drop it at any time.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  /** Bumped by every delete and clear: a load that was in flight across one must not cache what it read before. */
  private invalidations = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    // Overwriting a present key must not evict another one; re-inserting makes it the newest.
    if (!this.entries.delete(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }

  delete(key: K): void {
    this.invalidations++;
    this.entries.delete(key);
  }

  clear(): void {
    this.invalidations++;
    this.entries.clear();
  }

  /**
   * Returns the cached value or loads, caches and returns it. A load that overlapped an invalidation is
   * returned but not cached: it may have read the state from before the write that invalidated (e.g. an
   * ACTIVE profile being deleted), and caching it would serve that state for a whole TTL.
   */
  async getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const before = this.invalidations;
    const value = await load();
    if (this.invalidations === before) this.set(key, value);
    return value;
  }
}
