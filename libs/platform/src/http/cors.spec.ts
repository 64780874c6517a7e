import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import { corsHeaders, corsOriginsEnv, parseAllowedOrigins, type CorsRule } from './cors';

describe('parseAllowedOrigins', () => {
  it('normalises entries to the serialized origin a browser sends', () => {
    const origins = parseAllowedOrigins(' https://Wallet.Example , http://localhost:8080/,https://a.example:443,http://[::1]:3001', {
      wildcard: true,
    });
    assert.deepEqual(
      [...(origins as Set<string>)],
      ['https://wallet.example', 'http://localhost:8080', 'https://a.example', 'http://[::1]:3001'],
    );
  });

  it('takes `*` alone, and only where it is allowed', () => {
    assert.equal(parseAllowedOrigins('*', { wildcard: true }), '*');
    assert.throws(() => parseAllowedOrigins('*, https://a.example', { wildcard: true }), /cannot be combined/);
    assert.throws(() => parseAllowedOrigins('*', { wildcard: false }), /not allowed here/);
  });

  it('refuses what is not an origin, naming the entry', () => {
    for (const entry of [
      'https://a.example/path',
      'https://a.example?x=1',
      'https://user@a.example',
      'wallet.example',
      'ftp://a.example',
      'null',
      'https://',
      'https://a b.example',
    ]) {
      assert.throws(
        () => parseAllowedOrigins(`https://ok.example,${entry}`, { wildcard: true }),
        (error: Error) => error.message.includes(entry),
        entry,
      );
    }
    assert.throws(() => parseAllowedOrigins(' , ', { wildcard: true }), /lists no origin/);
  });
});

describe('corsOriginsEnv', () => {
  const schema = z.object({ CORS_X: corsOriginsEnv({ wildcard: false }) });

  it('is undefined when unset or empty', () => {
    assert.equal(loadConfig(schema, {}).CORS_X, undefined);
    assert.equal(loadConfig(schema, { CORS_X: '' }).CORS_X, undefined);
  });

  it('fails at boot with a message naming the variable and the entry', () => {
    assert.throws(
      () => loadConfig(schema, { CORS_X: 'https://a.example/x' }),
      (error: Error) =>
        error.name === 'ConfigError' && /CORS_X: must be comma-separated origins: "https:\/\/a\.example\/x"/.test(error.message),
    );
  });
});

describe('corsHeaders', () => {
  const rule = (origins: CorsRule['origins']): CorsRule => ({
    origins,
    methods: ['POST'],
    allowHeaders: ['Authorization', 'DPoP'],
    exposeHeaders: ['WWW-Authenticate'],
    maxAgeSeconds: 600,
  });
  const listed = rule(new Set(['https://wallet.example']));

  it('answers a preflight from a listed origin with the echoed origin, methods, headers, max-age and Vary', () => {
    const { preflight, headers } = corsHeaders(listed, { method: 'OPTIONS', origin: 'https://wallet.example', requestMethod: 'POST' });
    assert.equal(preflight, true);
    assert.deepEqual(headers, {
      vary: 'Origin',
      'access-control-allow-origin': 'https://wallet.example',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Authorization, DPoP',
      'access-control-max-age': '600',
    });
  });

  it('exposes headers on an actual request from a listed origin; never allows credentials', () => {
    const { preflight, headers } = corsHeaders(listed, { method: 'POST', origin: 'https://wallet.example' });
    assert.equal(preflight, false);
    assert.deepEqual(headers, {
      vary: 'Origin',
      'access-control-allow-origin': 'https://wallet.example',
      'access-control-expose-headers': 'WWW-Authenticate',
    });
  });

  it('gives an origin that is not listed (or none, or "null") only Vary: Origin', () => {
    for (const origin of ['https://evil.example', 'https://wallet.example.evil', 'null', undefined]) {
      assert.deepEqual(corsHeaders(listed, { method: 'POST', origin }).headers, { vary: 'Origin' }, String(origin));
      assert.deepEqual(corsHeaders(listed, { method: 'OPTIONS', origin, requestMethod: 'POST' }).headers, { vary: 'Origin' });
    }
  });

  it('answers `*` on every request, with or without Origin, and no Vary', () => {
    assert.deepEqual(corsHeaders(rule('*'), { method: 'GET' }).headers, {
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'WWW-Authenticate',
    });
    assert.equal(corsHeaders(rule('*'), { method: 'OPTIONS', origin: 'https://any.example', requestMethod: 'GET' }).preflight, true);
  });

  it('treats OPTIONS without Origin or Access-Control-Request-Method as an ordinary request', () => {
    assert.equal(corsHeaders(listed, { method: 'OPTIONS', origin: 'https://wallet.example' }).preflight, false);
    assert.equal(corsHeaders(listed, { method: 'OPTIONS', requestMethod: 'POST' }).preflight, false);
  });
});
