import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from './duration.parser';

describe('parseDuration', () => {
  it('parses single units and combinations in descending order', () => {
    const cases: [string, number][] = [
      ['300s', 300_000],
      ['15m', 900_000],
      ['12h', 43_200_000],
      ['30d', 2_592_000_000],
      ['1w', 604_800_000],
      ['365d', 31_536_000_000],
      ['1h30m', 5_400_000],
      ['2d12h30m15s', 217_815_000],
      ['1h0m', 3_600_000],
    ];
    for (const [input, ms] of cases) assert.deepEqual(parseDuration(input), { valid: true, ms }, input);
  });

  it('refuses zero, negatives, fractions, spaces, unknown units and wrong order', () => {
    for (const input of ['', '0s', '0d0h', '-5m', '1.5h', '1 h', '1h 30m', '10', 'd', '5y', '30m1h', '1h1h', 'PT1H', '1000000w']) {
      const result = parseDuration(input);
      assert.equal(result.valid, false, input);
      assert.ok(!result.valid && result.message.length > 0);
    }
  });
});
