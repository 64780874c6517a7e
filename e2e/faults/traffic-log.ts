/** One HTTP exchange the test made: when, what, and how it ended (status 0: no answer at all). */
export interface Exchange {
  start: number;
  end: number;
  method: string;
  path: string;
  status: number;
  retryAfter: string | null;
  /** The first characters of a 5xx body, or the network error: enough to name what failed. */
  detail?: string;
}

/**
 * Records every request the test's clients make (admin client and wallet library get `fetch` from here), so
 * the answers can be judged afterwards against the time windows of the faults.
 */
export class TrafficLog {
  readonly exchanges: Exchange[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const start = Date.now();
    const path = new URL(request.url).pathname;
    try {
      const response = await fetch(request);
      const entry: Exchange = {
        start,
        end: Date.now(),
        method: request.method,
        path,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
      };
      this.exchanges.push(entry);
      if (response.status >= 500) entry.detail = (await response.clone().text()).slice(0, 300);
      return response;
    } catch (error) {
      this.exchanges.push({ start, end: Date.now(), method: request.method, path, status: 0, retryAfter: null, detail: String(error) });
      throw error;
    }
  };
}
