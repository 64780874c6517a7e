import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffCounters, lsnToBytes, type PgCounters } from './pg-counters';

const base: PgCounters = {
  commits: 100,
  rollbacks: 1,
  inserted: 50,
  updated: 20,
  hotUpdated: 5,
  deleted: 0,
  read: 1000,
  walPosition: 4096,
};

describe('bench PostgreSQL counters', () => {
  it('subtracts field by field', () => {
    const after = { commits: 160, rollbacks: 1, inserted: 110, updated: 50, hotUpdated: 25, deleted: 3, read: 1900, walPosition: 10_000 };
    assert.deepEqual(diffCounters(base, after), {
      commits: 60,
      rollbacks: 0,
      inserted: 60,
      updated: 30,
      hotUpdated: 20,
      deleted: 3,
      read: 900,
      walPosition: 5904,
    });
  });

  it('gives statements only when both readings have them', () => {
    assert.equal(diffCounters({ ...base, statements: 10 }, { ...base, statements: 70 }).statements, 60);
    assert.equal('statements' in diffCounters(base, { ...base, statements: 70 }), false);
  });

  it('turns a pg_lsn into a byte position', () => {
    assert.equal(lsnToBytes('0/0'), 0);
    assert.equal(lsnToBytes('0/16B3748'), 0x16b3748);
    assert.equal(lsnToBytes('16/B374D848'), 0x16 * 2 ** 32 + 0xb374d848);
    assert.equal(lsnToBytes('1/0') - lsnToBytes('0/FFFFFFFF'), 1);
    assert.throws(() => lsnToBytes('nope'));
  });
});
