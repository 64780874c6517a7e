import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { DatabaseError } from 'pg';
import { z } from 'zod';
import { BusError, defineContract } from '@issuer/contracts';
import { handleBusRequest } from '../bus/handle-request';
import { oauthResponse, problemResponse } from '../http/error-response';
import { asDatabaseUnavailable, DatabaseUnavailableError, isDatabaseUnavailable, noteConnectionLost } from './database-unavailable';

const silent = pino({ level: 'silent' });

function serverError(code: string): DatabaseError {
  const error = new DatabaseError('from the server', 0, 'error');
  error.code = code;
  return error;
}
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
}

describe('database unavailability', () => {
  it('is told by SQLSTATE: shutdown, cannot connect now, too many connections, connection exceptions', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001']) assert.ok(isDatabaseUnavailable(serverError(code)), code);
    for (const code of ['23505', '23503', '22P02', '42P01', '08P01', '40001']) assert.ok(!isDatabaseUnavailable(serverError(code)), code);
  });

  it('is told by socket error code, also inside an AggregateError, a cause or a TypeORM driverError', () => {
    assert.ok(isDatabaseUnavailable(socketError('ECONNREFUSED')));
    assert.ok(isDatabaseUnavailable(socketError('ECONNRESET')));
    assert.ok(isDatabaseUnavailable(new AggregateError([socketError('ECONNREFUSED')], 'all addresses failed')));
    assert.ok(isDatabaseUnavailable(new Error('wrapped', { cause: serverError('57P01') })));
    assert.ok(isDatabaseUnavailable(Object.assign(new Error('QueryFailedError'), { driverError: serverError('57P03') })));
    assert.ok(!isDatabaseUnavailable(socketError('ENOENT')));
    assert.ok(!isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), 'never by message');
    assert.ok(!isDatabaseUnavailable(undefined));
  });

  it('is told by identity for the code-less errors pg emits when a connection ends', () => {
    const lost = new Error('Connection terminated unexpectedly');
    noteConnectionLost(lost);
    assert.ok(isDatabaseUnavailable(lost));
  });

  it('asDatabaseUnavailable codes it as UNAVAILABLE with the cause, and leaves other errors alone', () => {
    const cause = serverError('57P01');
    const coded = asDatabaseUnavailable(cause);
    assert.ok(coded instanceof DatabaseUnavailableError);
    assert.equal(coded.code, 'UNAVAILABLE');
    assert.equal(coded.cause, cause);
    const unique = serverError('23505');
    assert.equal(asDatabaseUnavailable(unique), unique);
  });

  it('answers 503 with Retry-After on the admin API (problem+json) and on wallet endpoints (temporarily_unavailable)', () => {
    for (const error of [new DatabaseUnavailableError(serverError('57P01')), socketError('ECONNREFUSED')]) {
      const problem = problemResponse(error);
      assert.equal(problem.status, 503);
      assert.equal(problem.contentType, 'application/problem+json');
      assert.equal(problem.headers['retry-after'], '2');
      const oauth = oauthResponse(error);
      assert.equal(oauth.status, 503);
      assert.equal(oauth.body.error, 'temporarily_unavailable');
      assert.equal(oauth.headers['retry-after'], '2');
    }
  });

  it('a bus outage is 503 + Retry-After too; a bus timeout is 504 for the admin API and 503 for a wallet', () => {
    const outage = problemResponse(new BusError('UNAVAILABLE', 'the NATS connection was lost'));
    assert.equal(outage.status, 503);
    assert.equal(outage.headers['retry-after'], '2');
    const timeout = new BusError('TIMEOUT', 'kms.key.sign.v1 timed out after 5000 ms');
    assert.equal(problemResponse(timeout).status, 504);
    assert.equal(problemResponse(timeout).headers['retry-after'], undefined);
    assert.equal(oauthResponse(timeout).status, 503);
    assert.equal(oauthResponse(timeout).body.error, 'temporarily_unavailable');
    assert.equal(oauthResponse(timeout).headers['retry-after'], '2');
  });

  it('a bus handler whose database is unavailable replies UNAVAILABLE, not INTERNAL', async () => {
    const contract = defineContract<{ n: number }, { n: number }>('itest.db.v1', z.object({ n: z.number() }));
    const reply = await handleBusRequest(
      contract,
      async () => {
        throw new DatabaseUnavailableError(serverError('57P01'));
      },
      { n: 1 },
      silent,
    );
    assert.deepEqual(reply, { ok: false, error: { code: 'UNAVAILABLE', message: 'itest.db.v1: the database is unavailable' } });
  });
});
