import { describe, expect, it } from 'vitest';
import { formatsOf, issuedRows, outcomeRates, percent, totalIssued } from './chart-data';

const stats = {
  from: '2026-05-10T00:00:00.000Z',
  days: 3,
  issuedPerDay: [
    { date: '2026-05-10', format: 'mso_mdoc', count: 1 },
    { date: '2026-05-12', format: 'dc+sd-jwt', count: 4 },
    { date: '2026-05-12', format: 'mso_mdoc', count: 2 },
  ],
};

describe('dashboard chart data', () => {
  it('has a row for every day of the window, zeros where nothing was issued, one key per format', () => {
    expect(issuedRows(stats)).toEqual([
      { date: '2026-05-10', 'dc+sd-jwt': 0, mso_mdoc: 1 },
      { date: '2026-05-11', 'dc+sd-jwt': 0, mso_mdoc: 0 },
      { date: '2026-05-12', 'dc+sd-jwt': 4, mso_mdoc: 2 },
    ]);
    expect(totalIssued(stats)).toBe(7);
  });

  it('orders formats by how many were issued, then by name', () => {
    expect(formatsOf(stats)).toEqual(['dc+sd-jwt', 'mso_mdoc']);
    expect(
      formatsOf({
        issuedPerDay: [
          { date: 'd', format: 'b', count: 1 },
          { date: 'd', format: 'a', count: 1 },
        ],
      }),
    ).toEqual(['a', 'b']);
  });

  it('rates success among ended sessions, leaving open ones out', () => {
    const sessions = { SUCCESSFUL: 3, UNSUCCESSFUL: 1, REJECTED_BY_USER: 0, EXPIRED: 0, ACTIVE: 10 };
    expect(outcomeRates(sessions)).toEqual({ ended: 4, successRate: 0.75 });
    expect(percent(outcomeRates(sessions).successRate)).toBe('75 %');
    expect(outcomeRates({ SUCCESSFUL: 0, UNSUCCESSFUL: 0, REJECTED_BY_USER: 0, EXPIRED: 0, ACTIVE: 2 }).successRate).toBeUndefined();
    expect(percent(undefined)).toBe('—');
  });
});
