import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statsQuerySchema, statsWindow } from './stats.query';

describe('stats query', () => {
  it('defaults to 30 days and takes 1 to 366', () => {
    assert.deepEqual(statsQuerySchema.parse({}), { days: 30 });
    assert.equal(statsQuerySchema.parse({ days: '1' }).days, 1);
    assert.equal(statsQuerySchema.parse({ days: '366', issuerId: 'acme' }).days, 366);
    for (const days of ['0', '367', '1.5', 'x']) assert.equal(statsQuerySchema.safeParse({ days }).success, false, days);
    assert.equal(statsQuerySchema.safeParse({ other: '1' }).success, false, 'unknown parameters are refused');
  });

  it('starts the window at midnight UTC, today counting as one of the days', () => {
    const now = new Date('2026-03-01T10:15:00.000Z');
    assert.deepEqual(statsWindow(1, now), { from: new Date('2026-03-01T00:00:00.000Z'), to: now });
    // 2026 is not a leap year: 30 days back from 1 March crosses February.
    assert.equal(statsWindow(30, now).from.toISOString(), '2026-01-31T00:00:00.000Z');
    assert.equal(statsWindow(366, now).from.toISOString(), '2025-03-01T00:00:00.000Z');
  });
});
