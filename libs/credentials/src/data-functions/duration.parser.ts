export type DurationParseResult = { valid: true; ms: number } | { valid: false; message: string };

const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
// Units in descending order, each at most once: '1w', '365d', '1h30m', '2d12h'. A subset of the Kotlin
// Duration strings walt.id accepts, without spaces because a template may not contain any.
const PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
// Far beyond any credential lifetime, yet keeps now + duration inside the range of a JS Date.
const MAX_MS = 1_000 * 365 * UNIT_MS.d;

/** Parses a data-function duration (waltid-issuer2-model.md §8) such as `300s`, `15m`, `30d` or `1h30m`. */
export function parseDuration(value: string): DurationParseResult {
  const match = typeof value === 'string' && value !== '' ? PATTERN.exec(value) : null;
  if (!match) {
    return { valid: false, message: `"${String(value)}" is not a duration like 300s, 15m, 12h, 30d, 1w or 1h30m` };
  }
  const units = [UNIT_MS.w, UNIT_MS.d, UNIT_MS.h, UNIT_MS.m, UNIT_MS.s];
  let ms = 0;
  for (let i = 0; i < units.length; i++) {
    const digits = match[i + 1];
    if (digits !== undefined) ms += Number(digits) * units[i]!;
  }
  if (!(ms > 0)) return { valid: false, message: `"${value}" must be a positive duration` };
  if (ms > MAX_MS) return { valid: false, message: `"${value}" exceeds 1000 years` };
  return { valid: true, ms };
}
