/** `500ms`, `0s`, `5s`, `2m`, `1h`: one number and one unit. */
const DELAY = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses a comma-separated delay list (WEBHOOK_RETRY_DELAYS); throws naming the first bad entry. */
export function parseDelays(value: string): number[] {
  const delays = value.split(',').map((raw) => {
    const match = DELAY.exec(raw.trim());
    if (!match) throw new Error(`"${raw.trim()}" is not a delay like 0s, 500ms, 5s, 2m or 1h`);
    return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  });
  if (!delays.length) throw new Error('at least one delay is required');
  return delays;
}

export interface RetryPolicy {
  /** Delay before attempt n+1 (index n); the last entry repeats. API.md §10: 0 s, 5 s, 15 s, 45 s, 2 min, 5 min, then 15 min. */
  delaysMs: number[];
  maxAttempts: number;
  maxAgeMs: number;
  /** ± fraction of each delay, so receivers that failed together are not retried together. */
  jitter: number;
}

/**
 * What happens after a failed attempt: the time of the next one, or DEAD when the attempts or the age
 * (counted from the first attempt) are used up. `random` is in [0, 1).
 */
export function afterFailure(
  policy: RetryPolicy,
  attempts: number,
  firstAttemptAt: Date,
  now: Date,
  random: () => number = Math.random,
): { status: 'PENDING'; nextAttemptAt: Date } | { status: 'DEAD' } {
  if (attempts >= policy.maxAttempts) return { status: 'DEAD' };
  const base = policy.delaysMs[Math.min(attempts, policy.delaysMs.length - 1)];
  const delay = Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
  const next = new Date(now.getTime() + delay);
  if (next.getTime() - firstAttemptAt.getTime() > policy.maxAgeMs) return { status: 'DEAD' };
  return { status: 'PENDING', nextAttemptAt: next };
}
