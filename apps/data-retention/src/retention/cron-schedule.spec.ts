import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CronSchedule, CronScheduleError } from './cron-schedule';
import { checkRetentionConfig } from './retention-config.validator';
import { BusError, DEFAULT_RETENTION_CONFIG } from '@issuer/contracts';

const next = (expression: string, after: string, timezone?: string) =>
  CronSchedule.parse(expression, timezone).next(new Date(after))?.toISOString();
const runs = (expression: string, after: string, count: number, timezone?: string) => {
  const schedule = CronSchedule.parse(expression, timezone);
  const found: string[] = [];
  for (let at: Date | undefined = new Date(after); found.length < count && (at = schedule.next(at));) found.push(at.toISOString());
  return found;
};

describe('CronSchedule', () => {
  it('fires daily at 03:00 UTC, strictly after the given instant', () => {
    assert.equal(next('0 3 * * *', '2026-01-01T02:59:59Z'), '2026-01-01T03:00:00.000Z');
    assert.equal(next('0 3 * * *', '2026-01-01T03:00:00Z'), '2026-01-02T03:00:00.000Z');
    assert.equal(next('0 3 * * *', '2026-12-31T04:00:00Z'), '2027-01-01T03:00:00.000Z');
  });

  it('handles steps, ranges, lists and names', () => {
    assert.equal(next('*/15 * * * *', '2026-03-01T10:16:00Z'), '2026-03-01T10:30:00.000Z');
    assert.equal(next('5-10/5 8,20 * * *', '2026-03-01T08:06:00Z'), '2026-03-01T08:10:00.000Z');
    assert.equal(next('5-10/5 8,20 * * *', '2026-03-01T08:11:00Z'), '2026-03-01T20:05:00.000Z');
    assert.equal(next('0 0 1 FEB *', '2026-03-01T00:00:00Z'), '2027-02-01T00:00:00.000Z');
    assert.equal(next('30 9 * * MON-FRI', '2026-01-02T10:00:00Z'), '2026-01-05T09:30:00.000Z'); // Fri after 09:30 → Mon
  });

  it('treats 0 and 7 as Sunday, and ORs the day fields when both are restricted', () => {
    assert.equal(next('0 0 * * 7', '2026-01-01T00:00:00Z'), '2026-01-04T00:00:00.000Z');
    assert.equal(next('0 0 * * 0', '2026-01-01T00:00:00Z'), '2026-01-04T00:00:00.000Z');
    // the 13th or any Friday: Fri 2026-01-02 comes before the 13th
    assert.equal(next('0 0 13 * 5', '2026-01-01T00:00:00Z'), '2026-01-02T00:00:00.000Z');
  });

  it('finds Feb 29 in the next leap year', () => {
    assert.equal(next('0 12 29 2 *', '2026-03-01T00:00:00Z'), '2028-02-29T12:00:00.000Z');
  });

  it('understands the shortcuts @hourly, @daily, @weekly, @monthly and @yearly, in any case', () => {
    assert.equal(next('@hourly', '2026-03-04T10:15:00Z'), '2026-03-04T11:00:00.000Z');
    assert.equal(next('@daily', '2026-03-04T10:15:00Z'), '2026-03-05T00:00:00.000Z');
    assert.equal(next('@DAILY', '2026-03-04T10:15:00Z'), '2026-03-05T00:00:00.000Z');
    assert.equal(next('@midnight', '2026-03-04T10:15:00Z'), '2026-03-05T00:00:00.000Z');
    assert.equal(next('@weekly', '2026-03-04T10:15:00Z'), '2026-03-08T00:00:00.000Z'); // Wednesday → Sunday
    assert.equal(next('@monthly', '2026-03-04T10:15:00Z'), '2026-04-01T00:00:00.000Z');
    assert.equal(next('@yearly', '2026-03-04T10:15:00Z'), '2027-01-01T00:00:00.000Z');
  });

  it('reads the schedule in a time zone, UTC when none is given, across daylight saving changes', () => {
    assert.equal(next('0 3 * * *', '2026-01-10T00:00:00Z', 'Europe/Berlin'), '2026-01-10T02:00:00.000Z'); // CET, UTC+1
    assert.equal(next('0 3 * * *', '2026-07-10T00:00:00Z', 'Europe/Berlin'), '2026-07-10T01:00:00.000Z'); // CEST, UTC+2
    assert.equal(next('@daily', '2026-07-01T00:00:00Z', 'America/New_York'), '2026-07-01T04:00:00.000Z');
    const processZone = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo'; // the default is UTC, not the process's local zone
    try {
      assert.equal(next('0 3 * * *', '2026-07-10T00:00:00Z'), '2026-07-10T03:00:00.000Z');
    } finally {
      if (processZone === undefined) delete process.env.TZ;
      else process.env.TZ = processZone;
    }
    assert.equal(next('0 3 * * *', '2026-07-10T00:00:00Z', 'UTC'), '2026-07-10T03:00:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin and happens twice on 25 October: one run each day regardless.
    assert.deepEqual(runs('30 2 * * *', '2026-03-28T00:00:00Z', 3, 'Europe/Berlin'), [
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    assert.deepEqual(runs('30 2 * * *', '2026-10-24T12:00:00Z', 2, 'Europe/Berlin'), [
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('refuses malformed expressions and unknown time zones, naming the field and what it accepts', () => {
    for (const [expression, pattern] of [
      ['0 3 * *', /must have 5 fields .* found 4/],
      ['0 3 * * * *', /must have 5 fields .* found 6/],
      ['60 3 * * *', /^minute: "60" is not valid \(0-59;/],
      ['0 24 * * *', /^hour: "24" is not valid \(0-23;/],
      ['0 0 0 * *', /^day of month: "0" is not valid \(1-31/],
      ['0 0 * 13 *', /^month: "13" is not valid \(1-12, JAN-DEC/],
      ['0 0 * * 8', /^day of week: "8" is not valid \(0-7/],
      ['*/0 * * * *', /^minute: "\*\/0" is not valid/],
      ['0 5-1 * * *', /^hour: "5-1" is not valid/],
      ['0 0 30 2 *', /never fires/],
      ['a b c d e', /^minute: "a"/],
      ['@reboot', /not a supported shortcut/],
      ['@often', /not a supported shortcut/],
    ] as const) {
      assert.throws(
        () => CronSchedule.parse(expression),
        (error: Error) => error instanceof CronScheduleError && error.field === 'schedule' && pattern.test(error.message),
        expression,
      );
    }
    for (const timezone of ['Mars/Olympus_Mons', 'CEST+2', '+02:00'])
      assert.throws(
        () => CronSchedule.parse('0 3 * * *', timezone),
        (error: Error) =>
          error instanceof CronScheduleError && error.field === 'timezone' && /is not an IANA time zone/.test(error.message),
        timezone,
      );
  });

  it('the configuration check names each wrong field for the problem+json answer', () => {
    assert.deepEqual(
      checkRetentionConfig({ ...DEFAULT_RETENTION_CONFIG, schedule: '@weekly', timezone: 'Europe/Berlin' }).timezone,
      'Europe/Berlin',
    );
    assert.throws(
      () => checkRetentionConfig({ ...DEFAULT_RETENTION_CONFIG, timezone: 'Europe/Atlantis' }),
      (error: Error) =>
        error instanceof BusError &&
        error.code === 'BAD_REQUEST' &&
        JSON.stringify(error.errors) ===
          JSON.stringify([
            { path: 'timezone', message: '"Europe/Atlantis" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)' },
          ]),
    );
  });
});
