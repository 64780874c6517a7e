import type { Exchange } from './traffic-log';
import type { IssuanceLoad } from './issuance-load';

/** One injected fault: from the kill/stop until flows succeeded again. */
export interface FaultWindow {
  name: string;
  start: number;
  /** The fault is over: the process or server is back and ready. */
  cleared?: number;
  /** Flows succeed again: the start of the first of the successful recovery probes. */
  recovered?: number;
  /**
   * A killed issuer-api replica: requests in flight on it between `start` (SIGKILL sent) and `cutAt` (its exit
   * seen) are cut, and the proxy answers 502: nothing can answer a request whose process died under it.
   */
  cutAt?: number;
}

export interface Verdict {
  /** 5xx answers the platform must not give: any outside a window, and inside one anything but 503 + Retry-After. */
  violations: string[];
  /** 503 answers with Retry-After inside a window, per window. */
  unavailable: Record<string, number>;
  /** Requests in flight on a killed replica, answered 502 by the proxy. */
  cut: number;
}

function describe(e: Exchange): string {
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);
  const detail = e.detail ? `: ${e.detail.replace(/\s+/g, ' ')}` : '';
  return `${e.method} ${e.path} → ${e.status || 'no answer'} (${time(e.start)}–${time(e.end)})${detail}`;
}

/** Judges every 5xx (and every request without an answer) by the fault window it falls in, if any. */
export function judge(exchanges: Exchange[], windows: FaultWindow[]): Verdict {
  const verdict: Verdict = { violations: [], unavailable: {}, cut: 0 };
  for (const e of exchanges) {
    if (e.status > 0 && e.status < 500) continue;
    const window = windows.find((w) => e.end >= w.start && e.start <= (w.recovered ?? w.cleared ?? Number.MAX_SAFE_INTEGER));
    if (!window) verdict.violations.push(`outside any fault window: ${describe(e)}`);
    else if (e.status === 503 && e.retryAfter) verdict.unavailable[window.name] = (verdict.unavailable[window.name] ?? 0) + 1;
    else if (e.status === 502 && window.cutAt !== undefined && e.start <= window.cutAt && e.end >= window.start) verdict.cut++;
    else verdict.violations.push(`during "${window.name}": ${describe(e)}`);
  }
  return verdict;
}

/**
 * Runs probe flows until `consecutive` in a row, all started after `since`, succeeded; returns when the
 * first of them started. Fails after `timeoutMs`: the platform did not recover.
 */
export async function awaitRecovery(load: IssuanceLoad, since: number, timeoutMs = 30_000, consecutive = 2): Promise<number> {
  const deadline = since + timeoutMs;
  let run: number[] = [];
  while (Date.now() < deadline) {
    const flow = await load.flow();
    run = flow.ok && flow.start >= since ? [...run, flow.start] : [];
    if (run.length >= consecutive) return run[0];
    if (!flow.ok) await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`flows did not succeed again within ${timeoutMs} ms of the fault ending`);
}
