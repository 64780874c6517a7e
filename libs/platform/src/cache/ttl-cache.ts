import { LRUCache } from 'lru-cache';

/**
 * A small bounded cache with expiry, for immutable or briefly stale-tolerant data (public keys, issuer
 * metadata). Never the source of truth: every replica may drop it at any time. Storage is `lru-cache` (least
 * recently used goes first when full); loads are single-flight: concurrent callers of `getOrLoad` for a key that
 * is missing or expired share one load instead of each starting their own.
 */
export class TtlCache<K extends NonNullable<unknown>, V> {
  // Values are boxed: lru-cache does not store undefined or null, and null ("known not to exist") is worth caching.
  private readonly entries: LRUCache<K, { value: V }>;
  private readonly loading = new Map<K, { promise: Promise<V>; invalidations: number }>();
  /** Bumped by every delete and clear: a load that was in flight across one must not cache what it read before. */
  private invalidations = 0;

  constructor(ttlMs: number, maxEntries = 10_000) {
    // Wall-clock time at millisecond resolution, so expiry follows Date.now() like the rest of the platform. lru-cache
    // keeps an entry while `now - set <= ttl`; ttl - 1 makes it expire exactly ttlMs after it was set (integer ms).
    this.entries = new LRUCache({ max: maxEntries, ttl: Math.max(1, ttlMs - 1), ttlResolution: 0, perf: { now: () => Date.now() } });
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V): void {
    this.entries.set(key, { value });
  }

  delete(key: K): void {
    this.invalidations++;
    this.entries.delete(key);
    this.loading.delete(key);
  }

  clear(): void {
    this.invalidations++;
    this.entries.clear();
    this.loading.clear();
  }

  /**
   * Returns the cached value or loads, caches and returns it; callers arriving while a load is in flight share it.
   * A load that overlapped an invalidation is returned to its callers but not cached, and callers arriving after
   * the invalidation start a new load: it may have read the state from before the write that invalidated (e.g. an
   * ACTIVE profile being deleted), and caching it would serve that state for a whole TTL. A failed load is not cached.
   */
  getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit !== undefined) return Promise.resolve(hit.value);
    const inFlight = this.loading.get(key);
    if (inFlight && inFlight.invalidations === this.invalidations) return inFlight.promise;
    let started: Promise<V>;
    try {
      started = load();
    } catch (error) {
      return Promise.reject(error);
    }
    const entry = { invalidations: this.invalidations, promise: started };
    this.loading.set(key, entry);
    // The handlers run after the entry is registered (always asynchronously), so it can always remove itself.
    entry.promise = started.then(
      (value) => {
        if (this.loading.get(key) === entry) this.loading.delete(key);
        if (this.invalidations === entry.invalidations) this.set(key, value);
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key) === entry) this.loading.delete(key);
        throw error;
      },
    );
    return entry.promise;
  }
}
