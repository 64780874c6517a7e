import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { credentialTimes, isoSeconds } from './credential-times';

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe('credentialTimes (unlinkable time claims, RFC 9901 §10.1)', () => {
  const now = at('2026-12-06T12:34:57.710Z');

  it('rounds the issuance down to the hour and counts the validity from there', () => {
    const times = credentialTimes({ now, validForMs: 30 * DAY });
    assert.deepEqual(times, { issuedAt: at('2026-12-06T12:00:00Z'), validUntil: at('2027-01-05T12:00:00Z') });
    assert.deepEqual(credentialTimes({ now }), { issuedAt: at('2026-12-06T12:00:00Z') });
  });

  it('rounds a future validFrom up (never valid before asked) and a past one down, keeping the period', () => {
    const future = credentialTimes({ now, validFrom: at('2027-01-01T08:20:00Z'), validForMs: DAY });
    assert.deepEqual(future.validFrom, at('2027-01-01T09:00:00Z'));
    assert.deepEqual(future.validUntil, at('2027-01-02T09:00:00Z'));
    assert.deepEqual(credentialTimes({ now, validFrom: at('2027-01-01T00:00:00Z') }).validFrom, at('2027-01-01T00:00:00Z'));
    const past = credentialTimes({ now, validFrom: at('2026-01-01T08:20:00.5Z'), validForMs: DAY });
    assert.deepEqual(past.validFrom, at('2026-01-01T08:00:00Z'));
    assert.deepEqual(past.validUntil, at('2026-01-02T08:00:00Z'));
  });

  it('never claims issuance before the signing certificate existed, nor after now', () => {
    const young = credentialTimes({ now, notBefore: at('2026-12-06T12:10:00.2Z'), validForMs: DAY });
    assert.deepEqual(young.issuedAt, at('2026-12-06T12:10:01Z'));
    assert.deepEqual(young.validUntil, at('2026-12-07T12:10:01Z'));
    assert.deepEqual(credentialTimes({ now, notBefore: at('2026-12-06T11:10:00Z') }).issuedAt, at('2026-12-06T12:00:00Z'));
    assert.deepEqual(credentialTimes({ now, notBefore: at('2026-12-06T13:00:00Z') }).issuedAt, at('2026-12-06T12:34:57Z'));
  });

  it('isoSeconds drops the fractional seconds', () => {
    assert.equal(isoSeconds(now), '2026-12-06T12:34:57Z');
  });
});
