import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStalePreparedStatement, PreparedStatements } from './prepared-statements';

describe('PreparedStatements', () => {
  it('names a text by its hash: the same text one name, another text another', () => {
    const statements = new PreparedStatements(true);
    const a = statements.query('SELECT $1::int', [1]);
    assert.match(a.name!, /^p[0-9a-f]{32}$/);
    assert.equal(new PreparedStatements(true).query('SELECT $1::int', [2]).name, a.name);
    assert.notEqual(statements.query('SELECT $1::text', ['x']).name, a.name);
    assert.deepEqual({ text: a.text, values: a.values }, { text: 'SELECT $1::int', values: [1] });
  });

  it('leaves statements unnamed when turned off', () => {
    assert.deepEqual(new PreparedStatements(false).query('SELECT 1', undefined), { text: 'SELECT 1', values: undefined });
  });

  it('keeps naming correctly past its cache of names', () => {
    const statements = new PreparedStatements(true);
    const first = statements.query('SELECT 0', []).name;
    for (let i = 1; i <= 1500; i++) statements.query(`SELECT ${i}`, []);
    assert.equal(statements.query('SELECT 0', []).name, first);
  });
});

describe('isStalePreparedStatement', () => {
  it('is true for a changed result type, an unknown and a duplicate statement name only', () => {
    assert.equal(isStalePreparedStatement({ code: '0A000' }), true);
    assert.equal(isStalePreparedStatement({ code: '26000' }), true);
    assert.equal(isStalePreparedStatement({ code: '42P05' }), true);
    assert.equal(isStalePreparedStatement({ code: '23505' }), false);
    assert.equal(isStalePreparedStatement(new Error('cached plan must not change result type')), false);
    assert.equal(isStalePreparedStatement(undefined), false);
  });
});
