import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuditRecord } from '@issuer/contracts';
import { startAuditedUsersApp, type RecordedDatabase } from './audited-users.test-app';

const isAudit = (statement: { text: string }) => statement.text.includes('issuer_api.audit ');

describe('audit interceptor: the record travels with the handler to the change’s transaction', () => {
  let app: NestFastifyApplication;
  let database: RecordedDatabase;
  let records: AuditRecord[];
  const send = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    app.getHttpAdapter().getInstance().inject({ method, url, payload });

  before(async () => ({ app, database, records } = await startAuditedUsersApp()));
  after(() => app.close());
  beforeEach(() => {
    database.transactions.length = 0;
    database.plain.length = 0;
    database.usersRowCount = 1;
    records.length = 0;
  });

  it('a change: its statement and its success record in one transaction, and no statement after the fact', async () => {
    const response = await send('POST', '/api/v1/issuers/acme/users', { username: 'alice', password: 'correct horse battery' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(database.transactions.length, 1, 'the users insert ran in a transaction');
    const [change, audit] = database.transactions[0]!;
    assert.match(change!.text, /INSERT INTO issuer_api\.users/);
    assert.ok(audit && isAudit(audit), 'the record follows the change in its transaction');
    assert.deepEqual([audit.values[4], audit.values[6], audit.values[7]], ['user.create', 'alice', 'success']);
    assert.deepEqual(records, [], 'the committed transaction holds the record: nothing more to write');
  });

  it('a change that changes nothing: no record in its transaction, the failure after the fact', async () => {
    database.usersRowCount = 0;
    const response = await send('DELETE', '/api/v1/issuers/acme/users/alice');
    // This app has no error filter (the real one answers 404): what matters is that the handler threw.
    assert.equal(response.statusCode, 500);
    assert.deepEqual(database.transactions.flat().filter(isAudit), []);
    assert.deepEqual(
      records.map((r) => [r.action, r.outcome]),
      [['user.delete', 'failure']],
    );
  });

  it('a read: no record, and the statement runs outside a transaction', async () => {
    const response = await send('GET', '/api/v1/issuers/acme/users');
    assert.equal(response.statusCode, 200);
    assert.deepEqual([database.transactions.length, records.length], [0, 0]);
    assert.equal(database.plain.length, 1);
  });
});
