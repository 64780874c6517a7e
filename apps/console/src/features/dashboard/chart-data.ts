import type { SessionStatus, Stats } from './dashboard-api';

const DAY_MS = 86_400_000;

/** One bar of the issuance chart: the day (YYYY-MM-DD) and a count per format. */
export type IssuedRow = { date: string } & Record<string, number | string>;

/** The formats that occur, in a stable order (most issued first, then by name), so colours do not jump between loads. */
export function formatsOf(stats: Pick<Stats, 'issuedPerDay'>): string[] {
  const totals = new Map<string, number>();
  for (const { format, count } of stats.issuedPerDay) totals.set(format, (totals.get(format) ?? 0) + count);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([format]) => format);
}

/** Every day of the window (days without issuance as zeros, so the axis shows time evenly), one key per format. */
export function issuedRows(stats: Pick<Stats, 'issuedPerDay' | 'from' | 'days'>): IssuedRow[] {
  const formats = formatsOf(stats);
  const start = Date.parse(stats.from);
  const rows: IssuedRow[] = [];
  const byDate = new Map<string, IssuedRow>();
  for (let i = 0; i < stats.days; i++) {
    const date = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    const row: IssuedRow = { date, ...Object.fromEntries(formats.map((f) => [f, 0])) };
    rows.push(row);
    byDate.set(date, row);
  }
  for (const { date, format, count } of stats.issuedPerDay) {
    const row = byDate.get(date);
    if (row) row[format] = (row[format] as number) + count;
  }
  return rows;
}

export const totalIssued = (stats: Pick<Stats, 'issuedPerDay'>) => stats.issuedPerDay.reduce((sum, d) => sum + d.count, 0);

/** Ended sessions only: an ACTIVE one has no outcome yet. */
export function outcomeRates(sessions: Record<SessionStatus, number>): { ended: number; successRate: number | undefined } {
  const ended = sessions.SUCCESSFUL + sessions.UNSUCCESSFUL + sessions.REJECTED_BY_USER + sessions.EXPIRED;
  return { ended, successRate: ended === 0 ? undefined : sessions.SUCCESSFUL / ended };
}

export const percent = (rate: number | undefined) => (rate === undefined ? '—' : `${Math.round(rate * 1000) / 10} %`);
