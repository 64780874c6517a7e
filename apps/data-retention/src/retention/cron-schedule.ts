const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

/** Far enough for any valid expression (Feb 29 on a Monday repeats within 28 years); `0 0 30 2 *` never fires. */
const SEARCH_YEARS = 30;

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week; `*`, lists, ranges, steps,
 * JAN-DEC and SUN-SAT names, 0 or 7 for Sunday) evaluated in UTC. As in Vixie cron, when both day fields
 * are restricted a day matching either one fires.
 */
export class CronSchedule {
  private constructor(
    private readonly sets: Set<number>[],
    private readonly domRestricted: boolean,
    private readonly dowRestricted: boolean,
  ) {}

  /** Parses an expression; throws an Error naming the field that is wrong. */
  static parse(expression: string): CronSchedule {
    const parts = expression.trim().split(/\s+/);
    if (parts.length !== 5) throw new Error(`must have 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`);
    const sets = parts.map((part, index) => parseField(part, FIELDS[index]));
    if (sets[4].has(7)) sets[4].add(0);
    const schedule = new CronSchedule(sets, parts[2] !== '*', parts[4] !== '*');
    if (!schedule.next(new Date(0))) throw new Error('never fires (no such date)');
    return schedule;
  }

  /** The first minute strictly after `after` at which the schedule fires, or undefined if none. */
  next(after: Date): Date | undefined {
    const t = new Date(after.getTime());
    t.setUTCSeconds(0, 0);
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    const limit = after.getTime() + SEARCH_YEARS * 366 * 24 * 3600 * 1000;
    const [minutes, hours, , months] = this.sets;
    while (t.getTime() <= limit) {
      if (!months.has(t.getUTCMonth() + 1)) {
        t.setUTCMonth(t.getUTCMonth() + 1, 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!this.dayMatches(t)) {
        t.setUTCDate(t.getUTCDate() + 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!hours.has(t.getUTCHours())) {
        t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      } else if (!minutes.has(t.getUTCMinutes())) {
        t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      } else {
        return t;
      }
    }
    return undefined;
  }

  private dayMatches(t: Date): boolean {
    const dom = this.sets[2].has(t.getUTCDate());
    const dow = this.sets[4].has(t.getUTCDay());
    if (this.domRestricted && this.dowRestricted) return dom || dow;
    return dom && dow;
  }
}

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  const value = (token: string): number => {
    const named = 'names' in field ? (field.names as readonly string[]).indexOf(token.toUpperCase()) : -1;
    const n = named >= 0 ? named + (field.name === 'month' ? 1 : 0) : /^\d+$/.test(token) ? Number(token) : NaN;
    if (!(n >= field.min && n <= field.max)) throw new Error(`${field.name}: "${token}" is not in ${field.min}-${field.max}`);
    return n;
  };
  for (const item of text.split(',')) {
    const [range, stepText, ...extra] = item.split('/');
    if (extra.length || !range) throw new Error(`${field.name}: "${item}" is not a valid item`);
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) && Number(stepText) > 0 ? Number(stepText) : NaN;
    if (Number.isNaN(step)) throw new Error(`${field.name}: step "${stepText}" must be a positive number`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [field.min, field.max];
    else if (range.includes('-')) {
      const [a, b, ...more] = range.split('-');
      if (more.length) throw new Error(`${field.name}: "${range}" is not a valid range`);
      [from, to] = [value(a), value(b)];
      if (from > to) throw new Error(`${field.name}: range "${range}" goes backwards`);
    } else {
      from = value(range);
      to = stepText === undefined ? from : field.max;
    }
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}
