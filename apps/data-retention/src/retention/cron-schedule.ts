import { Cron } from 'croner';

/** The five fields as users name them; croner's own messages use internal names and zero-based values. */
const FIELDS = [
  { name: 'minute', allowed: '0-59' },
  { name: 'hour', allowed: '0-23' },
  { name: 'day of month', allowed: '1-31, L' },
  { name: 'month', allowed: '1-12, JAN-DEC' },
  { name: 'day of week', allowed: '0-7 (0 and 7 are Sunday), SUN-SAT' },
];
const SYNTAX = '*, lists a,b, ranges a-b, steps */n or a-b/n';

/** A schedule or time zone that cannot be used; `field` is the RetentionConfig field to name. */
export class CronScheduleError extends Error {
  constructor(
    readonly field: 'schedule' | 'timezone',
    message: string,
  ) {
    super(message);
    this.name = 'CronScheduleError';
  }
}

/**
 * A retention schedule, evaluated by croner: a 5-field cron expression (minute hour day-of-month month day-of-week;
 * `*`, lists, ranges, steps, JAN-DEC and SUN-SAT names, 0 or 7 for Sunday) or a shortcut (`@hourly`, `@daily`,
 * `@midnight`, `@weekly`, `@monthly`, `@yearly`, `@annually`), in an IANA time zone (UTC when none is given; never
 * the process's local zone). As in Vixie cron, when both day fields are restricted a day matching either one fires.
 * Across daylight saving changes a fixed time of day fires once a day: a skipped time fires just after the gap, a
 * repeated time at its first occurrence.
 */
export class CronSchedule {
  private constructor(private readonly cron: Cron) {}

  /** Parses an expression; throws a CronScheduleError naming the field (and, for the schedule, the cron field) that is wrong. */
  static parse(expression: string, timezone = 'UTC'): CronSchedule {
    checkTimezone(timezone);
    const text = expression.trim();
    const parts = text.split(/\s+/);
    if (!text.startsWith('@') && parts.length !== 5)
      throw new CronScheduleError(
        'schedule',
        `must have 5 fields (minute hour day-of-month month day-of-week) or be a shortcut such as @daily, found ${parts.length}`,
      );
    let cron: Cron;
    try {
      cron = new Cron(text, { mode: '5-part', timezone });
    } catch (error) {
      throw new CronScheduleError('schedule', explain(parts, error as Error));
    }
    const schedule = new CronSchedule(cron);
    if (!schedule.next(new Date(0))) throw new CronScheduleError('schedule', 'never fires (no such date)');
    return schedule;
  }

  /** The first minute strictly after `after` at which the schedule fires, or undefined if none. */
  next(after: Date): Date | undefined {
    return this.cron.nextRun(after) ?? undefined;
  }
}

function checkTimezone(timezone: string): void {
  try {
    // croner accepts any zone Intl knows, but reports a bad one only when it computes a date.
    new Cron('0 0 * * *', { mode: '5-part', timezone }).nextRun(new Date(0));
  } catch {
    throw new CronScheduleError('timezone', `"${timezone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)`);
  }
}

/** Names the first field that croner refuses on its own (the others replaced by `*`), with what it accepts. */
function explain(parts: string[], error: Error): string {
  if (parts[0].startsWith('@'))
    return `"${parts.join(' ')}" is not a supported shortcut (@hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually)`;
  const faulty = parts.findIndex((_, index) => {
    try {
      new Cron(parts.map((part, i) => (i === index ? part : '*')).join(' '), { mode: '5-part', timezone: 'UTC' });
      return false;
    } catch {
      return true;
    }
  });
  if (faulty < 0) return `is not a valid cron expression: ${error.message.replace(/^CronPattern: /, '')}`;
  const field = FIELDS[faulty];
  return `${field.name}: "${parts[faulty]}" is not valid (${field.allowed}; ${SYNTAX})`;
}
