import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { BusError } from '@issuer/contracts';
import { DatabaseError } from 'pg';
import { AppError } from '../errors/app-error';
import { errorResponseFor, oauthResponse, problemResponse } from './error-response';

class FakeOid4vciError extends Error {
  constructor(
    readonly error: string,
    message: string,
    readonly status: number,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

describe('problemResponse (admin API, RFC 9457)', () => {
  it('maps an AppError to problem+json with its status, detail and field errors', () => {
    const response = problemResponse(AppError.validation([{ path: 'name', message: 'required' }], 'bad input'));
    assert.equal(response.status, 400);
    assert.equal(response.contentType, 'application/problem+json');
    assert.deepEqual(response.headers, {});
    assert.deepEqual(response.body, {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'bad input',
      errors: [{ path: 'name', message: 'required' }],
    });
  });

  it('uses the status of every AppError code and an empty errors list by default', () => {
    const expected = {
      NOT_FOUND: 404,
      CONFLICT: 409,
      FORBIDDEN: 403,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      TIMEOUT: 504,
    } as const;
    for (const [code, status] of Object.entries(expected)) {
      const response = problemResponse(new AppError(code as keyof typeof expected, 'x'));
      assert.equal(response.status, status, code);
      assert.equal(response.body.status, status, code);
      assert.deepEqual(response.body.errors, []);
    }
    assert.equal(problemResponse(AppError.notFound('issuer acme')).body.detail, 'issuer acme not found');
  });

  it('adds WWW-Authenticate to a 401', () => {
    const response = problemResponse(new AppError('UNAUTHORIZED', 'missing admin key'));
    assert.equal(response.status, 401);
    assert.equal(response.headers['www-authenticate'], 'Bearer');
    assert.equal(response.body.title, 'Unauthorized');
  });

  it('maps bus errors: NOT_FOUND → 404 with its message, BAD_REQUEST → 400 with its errors', () => {
    const notFound = problemResponse(new BusError('NOT_FOUND', 'key k1 not found'));
    assert.equal(notFound.status, 404);
    assert.equal(notFound.body.detail, 'key k1 not found');
    const bad = problemResponse(new BusError('BAD_REQUEST', 'invalid', [{ path: 'alg', message: 'nope' }]));
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors, [{ path: 'alg', message: 'nope' }]);
    assert.equal(problemResponse(new BusError('CONFLICT', 'dup')).status, 409);
    assert.equal(problemResponse(new BusError('UNSUPPORTED', 'no')).status, 400);
  });

  it('hides the detail of 5xx bus errors (UNAVAILABLE → 503, TIMEOUT → 504, INTERNAL → 500)', () => {
    for (const [code, status] of [
      ['UNAVAILABLE', 503],
      ['TIMEOUT', 504],
      ['INTERNAL', 500],
    ] as const) {
      const response = problemResponse(new BusError(code, `no service answers kms.key.sign.v1 at nats://10.0.0.7`));
      assert.equal(response.status, status, code);
      assert.ok(!String(response.body.detail).includes('10.0.0.7'), String(response.body.detail));
      assert.ok(!String(response.body.detail).includes('kms.key.sign'), String(response.body.detail));
    }
  });

  it('turns an unknown error into a 500 without its message', () => {
    const response = problemResponse(new Error('connection to postgres://admin:pw@10.1.1.1 refused'));
    assert.equal(response.status, 500);
    assert.equal(response.body.title, 'Internal Server Error');
    assert.ok(!JSON.stringify(response.body).includes('10.1.1.1'));
    assert.equal(problemResponse('a string').status, 500);
    assert.equal(problemResponse(null).status, 500);
    assert.equal(problemResponse(undefined).status, 500);
  });

  it('keeps the status of a fastify client error ({statusCode: 413}) and of Nest HttpExceptions', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    const response = problemResponse(tooLarge);
    assert.equal(response.status, 413);
    assert.equal(response.body.title, 'Payload Too Large');
    assert.equal(problemResponse(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 })).status, 415);
    assert.equal(problemResponse(new NotFoundException('Cannot GET /api/x')).status, 404);
    assert.equal(problemResponse(new HttpException('teapot', 418)).status, 418);
    assert.equal(problemResponse(new HttpException('teapot', 418)).body.title, 'Error');
  });

  it('does not trust a fastify-style 5xx status to reveal its message', () => {
    const response = problemResponse(Object.assign(new Error('internal socket detail'), { statusCode: 502 }));
    assert.equal(response.status, 500);
    assert.ok(!JSON.stringify(response.body).includes('socket detail'));
  });
});

describe('oauthResponse (wallet-facing paths, RFC 6749 §5.2)', () => {
  it('passes an OAuth-like error through as {error, error_description} with its headers', () => {
    const response = oauthResponse(new FakeOid4vciError('invalid_grant', 'the code expired', 400));
    assert.equal(response.status, 400);
    assert.equal(response.contentType, 'application/json');
    assert.deepEqual(response.body, { error: 'invalid_grant', error_description: 'the code expired' });
    const withHeaders = oauthResponse(
      new FakeOid4vciError('invalid_token', 'expired', 401, { 'www-authenticate': 'DPoP error="invalid_token"' }),
    );
    assert.equal(withHeaders.status, 401);
    assert.equal(withHeaders.headers['www-authenticate'], 'DPoP error="invalid_token"');
  });

  it('maps other errors to invalid_request / server_error / temporarily_unavailable', () => {
    const validation = oauthResponse(AppError.validation([{ path: 'proof.jwt', message: 'required' }], 'bad request'));
    assert.equal(validation.status, 400);
    assert.deepEqual(validation.body, { error: 'invalid_request', error_description: 'bad request: proof.jwt required' });
    const unavailable = oauthResponse(new BusError('UNAVAILABLE', 'kms at 10.0.0.9 down'));
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.body.error, 'temporarily_unavailable');
    assert.ok(!String(unavailable.body.error_description).includes('10.0.0.9'));
    const internal = oauthResponse(new Error('secret stack detail'));
    assert.equal(internal.status, 500);
    assert.equal(internal.body.error, 'server_error');
    assert.ok(!JSON.stringify(internal.body).includes('secret'));
  });

  it('keeps error_description within the RFC 6749 character set (no quotes, backslashes or control characters)', () => {
    const response = oauthResponse(new BadRequestException('field "a\\b"\n\u00e9'));
    const description = String(response.body.error_description);
    assert.match(description, /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/);
    assert.ok(description.length <= 500);
    assert.ok(String(oauthResponse(new AppError('VALIDATION_FAILED', 'x'.repeat(2000))).body.error_description).length <= 500);
  });
});

describe('errorResponseFor', () => {
  it('uses problem+json under /api/ and the OAuth format elsewhere', () => {
    const error = new AppError('NOT_FOUND', 'nope');
    assert.equal(errorResponseFor('/api/issuers/x', error).contentType, 'application/problem+json');
    assert.equal(errorResponseFor('/token', error).contentType, 'application/json');
    assert.equal(errorResponseFor('/apix', error).contentType, 'application/json');
  });

  it('answers a malformed body with the code each OID4VCI endpoint defines (§8.3.1.2, §9.3, §11.3)', () => {
    const unparsable = Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 });
    const code = (url: string) => errorResponseFor(url, unparsable).body['error'];
    assert.equal(code('/issuers/acme/credential'), 'invalid_credential_request');
    assert.equal(code('/issuers/acme/deferred_credential?x=1'), 'invalid_credential_request');
    assert.equal(code('/issuers/acme/notification'), 'invalid_notification_request');
    assert.equal(code('/issuers/acme/token'), 'invalid_request');
    assert.equal(code('/issuers/acme/credential/extra'), 'invalid_request');
  });
});

describe('database errors that input or races cause', () => {
  const pgError = (code: string, constraint?: string) =>
    Object.assign(new DatabaseError('insert or update violates a constraint', 1, 'error'), { code, constraint });

  it('answers a constraint violation 409 and a data exception 400, without the database message', () => {
    const conflict = problemResponse(pgError('23503', 'profiles_issuer_id_fkey'));
    assert.equal(conflict.status, 409);
    assert.doesNotMatch(JSON.stringify(conflict.body), /profiles_issuer_id_fkey|violates/);
    assert.equal(problemResponse(pgError('22P02')).status, 400);
    assert.equal(problemResponse(pgError('54000')).status, 400);
    assert.equal(oauthResponse(pgError('23505')).status, 409);
  });

  it('leaves other database errors 500', () => {
    assert.equal(problemResponse(pgError('40001')).status, 500);
    assert.equal(problemResponse(Object.assign(new Error('boom'), { code: 'ERR_INVALID_ARG_TYPE' })).status, 500);
  });
});

describe('WWW-Authenticate on every 401 of a wallet-facing path (RFC 6750 §3)', () => {
  it('adds a Bearer challenge naming the error when the thrower set none, and keeps one it set', () => {
    assert.equal(
      oauthResponse(new FakeOid4vciError('invalid_token', 'gone', 401)).headers['www-authenticate'],
      'Bearer error="invalid_token"',
    );
    assert.equal(oauthResponse(new AppError('UNAUTHORIZED', 'no')).headers['www-authenticate'], 'Bearer error="invalid_token"');
    const dpop = oauthResponse(new FakeOid4vciError('invalid_token', 'x', 401, { 'WWW-Authenticate': 'DPoP algs="ES256"' }));
    assert.deepEqual(dpop.headers, { 'WWW-Authenticate': 'DPoP algs="ES256"' });
    assert.equal(oauthResponse(new FakeOid4vciError('invalid_request', 'x', 400)).headers['www-authenticate'], undefined);
  });
});

describe('rate limits (API.md §13): 429 with Retry-After in the format of the path', () => {
  const limited = () => new AppError('RATE_LIMITED', 'too many requests; retry in 12 s', undefined, { headers: { 'retry-after': '12' } });

  it('is problem+json under /api', () => {
    const response = errorResponseFor('/api/v1/issuers', limited());
    assert.equal(response.status, 429);
    assert.equal(response.contentType, 'application/problem+json');
    assert.deepEqual(response.headers, { 'retry-after': '12' });
    assert.deepEqual(response.body, {
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'too many requests; retry in 12 s',
      errors: [],
    });
  });

  it('is {"error":"rate_limited"} at the wallet endpoints', () => {
    const response = errorResponseFor('/issuers/acme/token', limited());
    assert.equal(response.status, 429);
    assert.equal(response.contentType, 'application/json');
    assert.deepEqual(response.headers, { 'retry-after': '12' });
    assert.deepEqual(response.body, { error: 'rate_limited', error_description: 'too many requests; retry in 12 s' });
  });
});
