import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CronSchedule } from './cron-schedule';

const next = (expression: string, after: string) => CronSchedule.parse(expression).next(new Date(after))?.toISOString();

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

  it('refuses malformed expressions, naming the field', () => {
    for (const [expression, pattern] of [
      ['0 3 * *', /5 fields/],
      ['60 3 * * *', /minute/],
      ['0 24 * * *', /hour/],
      ['0 0 0 * *', /day of month/],
      ['0 0 * 13 *', /month/],
      ['0 0 * * 8', /day of week/],
      ['*/0 * * * *', /step/],
      ['5-1 * * * *', /backwards/],
      ['0 0 30 2 *', /never fires/],
      ['a b c d e', /minute/],
    ] as const) {
      assert.throws(() => CronSchedule.parse(expression), pattern, expression);
    }
  });
});
