import type { RateLimitPolicy } from './rate-limit-window';

/** Arrivals are counted per slot of this length; a top-up covers about two slots of the last one's arrivals. */
const SLOT_MS = 100;
const TOP_UP_SLOTS = 2;
/** At most this share of a limit is ever counted ahead of the requests: what a replica may hold unused. */
const TOP_UP_SHARE = 0.01;
/** Leases end this long before the window's end (counted from when the top-up was sent): room for clock rounding. */
const END_MARGIN_MS = 50;

/** A top-up in flight: the permits it asks for beyond its request's own, and the bucket state it refills. */
export interface TopUp {
  readonly extra: number;
  /** Kept with the top-up: a state forgotten meanwhile (bounded map) is refilled harmlessly, not a newer one. */
  readonly state: BucketState;
}

interface BucketState {
  slot: number;
  current: number;
  previous: number;
  permits: number;
  endsAt: number;
  /** The top-up being counted; requests that find no permit meanwhile wait for it rather than count themselves. */
  refill?: { done: Promise<void>; finish: () => void };
}

/**
 * Permits this replica counted ahead of its requests in a busy client's window, so that the client's next requests
 * need no statement. Only a client that sends many requests per tenth of a second gets them, and never more than 1 %
 * of its limit at once (none below a limit of 100): counted permits stay counted, so the client may be refused up to
 * that many requests before its limit if replicas hold unused ones when its window ends; it can never get more than
 * its limit. Bounded: the buckets least recently active (by tenth of a second) are forgotten first.
 */
export class PermitLeases {
  private readonly buckets = new Map<string, BucketState>();

  constructor(private readonly maxEntries = 10_000) {}

  /** Notes a request of `bucket` and takes one of its permits; false: none left, count the request in the database. */
  take(bucket: string, now: number): boolean {
    const state = this.stateOf(bucket, now);
    const slot = Math.floor(now / SLOT_MS);
    if (slot !== state.slot) {
      state.previous = slot === state.slot + 1 ? state.current : 0;
      state.current = 0;
      state.slot = slot;
      // Moved to the map's end once per slot it is active in: the bound forgets the least recently active client
      // first, so a churn of new clients cannot push a busy one out again and again (each time losing its lease).
      this.buckets.delete(bucket);
      this.buckets.set(bucket, state);
    }
    state.current++;
    return this.takePermit(state, now);
  }

  /** The top-up in flight for `bucket`, if any: wait for it, then `takeAfterRefill`. */
  refillInFlight(bucket: string): Promise<void> | undefined {
    return this.buckets.get(bucket)?.refill?.done;
  }

  /** Takes a permit for a request already noted by `take` that waited for a top-up. */
  takeAfterRefill(bucket: string, now: number): boolean {
    const state = this.buckets.get(bucket);
    return state !== undefined && this.takePermit(state, now);
  }

  /**
   * A top-up for the request about to be counted: permits to count beyond its own, about two slots of the bucket's
   * recent arrivals, capped by the policy's share; undefined while another top-up is in flight or when there is nothing
   * to add. A top-up must be ended by `refilled` or `refillFailed`.
   */
  startTopUp(bucket: string, policy: RateLimitPolicy): TopUp | undefined {
    const state = this.buckets.get(bucket);
    const cap = Math.floor(policy.limit * TOP_UP_SHARE);
    if (!state || state.refill || cap === 0) return undefined;
    const extra = Math.min(cap, state.previous * TOP_UP_SLOTS);
    if (extra === 0) return undefined;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    state.refill = { done, finish };
    return { extra, state };
  }

  /**
   * Keeps the `spare` permits a top-up brought for the window that ends `msLeft` after the database ran the count.
   * `askedAt`: when the count was sent; the statement ran after it, so the lease cannot outlive the window.
   */
  refilled(topUp: TopUp, spare: number, msLeft: number, askedAt: number): void {
    const { state } = topUp;
    state.permits += spare;
    state.endsAt = askedAt + msLeft - END_MARGIN_MS;
    this.endRefill(state);
  }

  /** A top-up that failed (the statement did not run): the next request may ask again. */
  refillFailed(topUp: TopUp): void {
    this.endRefill(topUp.state);
  }

  private endRefill(state: BucketState): void {
    state.refill?.finish();
    state.refill = undefined;
  }

  private takePermit(state: BucketState, now: number): boolean {
    if (state.permits > 0 && now < state.endsAt) {
      state.permits--;
      return true;
    }
    state.permits = 0;
    return false;
  }

  private stateOf(bucket: string, now: number): BucketState {
    let state = this.buckets.get(bucket);
    if (!state) {
      state = { slot: Math.floor(now / SLOT_MS), current: 0, previous: 0, permits: 0, endsAt: 0 };
      this.buckets.set(bucket, state);
      while (this.buckets.size > this.maxEntries) {
        const [oldest, evicted] = this.buckets.entries().next().value as [string, BucketState];
        this.endRefill(evicted);
        this.buckets.delete(oldest);
      }
    }
    return state;
  }
}
