import { z } from 'zod';

/** `GET /api/v1/stats` query: an issuer (default: every issuer in scope) and the window in days (today included). */
export const statsQuerySchema = z
  .object({
    issuerId: z.string().min(1).max(64).optional(),
    days: z.coerce.number().int().min(1).max(366).default(30),
  })
  .strict();
export type StatsQuery = z.infer<typeof statsQuerySchema>;

const DAY_MS = 86_400_000;

/** The window of `days` whole UTC days ending today: from midnight UTC `days - 1` days ago up to `now`. */
export function statsWindow(days: number, now: Date): { from: Date; to: Date } {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(todayStart - (days - 1) * DAY_MS), to: now };
}
