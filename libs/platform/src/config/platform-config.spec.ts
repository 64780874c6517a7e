import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error';
import { loadPlatformConfig, platformEnvSchema } from './platform-config';

const DB = 'postgres://user:pw@127.0.0.1:5432/issuer';
/** The pool size default is a tuning choice; read it from the schema so the test checks that it applies. */
const DEFAULT_POOL_SIZE = platformEnvSchema.shape.DB_POOL_SIZE.parse(undefined);

function problemsOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadPlatformConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadPlatformConfig', () => {
  it('applies the defaults', () => {
    assert.deepEqual(loadPlatformConfig({ DATABASE_URL: DB }), {
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: DB,
      natsUrl: undefined,
      logLevel: 'info',
      migrateOnStart: true,
      dbPoolSize: DEFAULT_POOL_SIZE,
      dbPreparedStatements: true,
    });
  });

  it('derives PUBLIC_URL from PORT when it is unset or empty', () => {
    assert.equal(loadPlatformConfig({ DATABASE_URL: DB, PORT: '8081' }).publicUrl, 'http://localhost:8081');
    assert.equal(loadPlatformConfig({ DATABASE_URL: DB, PORT: '8081', PUBLIC_URL: '' }).publicUrl, 'http://localhost:8081');
  });

  it('removes trailing slashes from PUBLIC_URL and keeps its path', () => {
    assert.equal(
      loadPlatformConfig({ DATABASE_URL: DB, PUBLIC_URL: 'https://issuer.example.com/' }).publicUrl,
      'https://issuer.example.com',
    );
    assert.equal(
      loadPlatformConfig({ DATABASE_URL: DB, PUBLIC_URL: 'https://issuer.example.com/base///' }).publicUrl,
      'https://issuer.example.com/base',
    );
  });

  it('reads every variable', () => {
    const config = loadPlatformConfig({
      DATABASE_URL: 'postgresql://db/issuer',
      PORT: '0',
      PUBLIC_URL: 'http://edge:1',
      NATS_URL: 'nats://n1:4222, 127.0.0.1:4223',
      LOG_LEVEL: 'silent',
      MIGRATE_ON_START: 'false',
      DB_POOL_SIZE: '3',
      DB_PREPARED_STATEMENTS: 'false',
    });
    assert.deepEqual(config, {
      port: 0,
      publicUrl: 'http://edge:1',
      databaseUrl: 'postgresql://db/issuer',
      natsUrl: 'nats://n1:4222, 127.0.0.1:4223',
      logLevel: 'silent',
      migrateOnStart: false,
      dbPoolSize: 3,
      dbPreparedStatements: false,
    });
  });

  it('treats empty strings as unset (defaults apply, DATABASE_URL is required)', () => {
    const config = loadPlatformConfig({ DATABASE_URL: DB, PORT: '', LOG_LEVEL: '', NATS_URL: '', MIGRATE_ON_START: '', DB_POOL_SIZE: '' });
    assert.equal(config.port, 3000);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.natsUrl, undefined);
    assert.equal(config.migrateOnStart, true);
    assert.equal(config.dbPoolSize, DEFAULT_POOL_SIZE);
    assert.deepEqual(
      problemsOf({ DATABASE_URL: '' }).problems.map((p) => p.variable),
      ['DATABASE_URL'],
    );
    assert.deepEqual(
      problemsOf({}).problems.map((p) => p.variable),
      ['DATABASE_URL'],
    );
  });

  const bad: [variable: string, value: string][] = [
    ['DATABASE_URL', 'mysql://root:topsecret@db/x'],
    ['DATABASE_URL', 'not a url'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PUBLIC_URL', 'ftp://files.example'],
    ['PUBLIC_URL', 'issuer.example.com'],
    ['NATS_URL', 'localhost'],
    ['NATS_URL', 'nats://ok:4222,http://bad:1'],
    ['LOG_LEVEL', 'verbose'],
    ['MIGRATE_ON_START', 'yes'],
    ['DB_POOL_SIZE', '0'],
    ['DB_PREPARED_STATEMENTS', 'no'],
    ['DB_POOL_SIZE', '1000'],
  ];
  for (const [variable, value] of bad) {
    it(`names ${variable} when it is ${JSON.stringify(value)}`, () => {
      const env = { DATABASE_URL: DB, [variable]: value };
      const error = problemsOf(env);
      assert.deepEqual(
        error.problems.map((p) => p.variable),
        [variable],
      );
      assert.match(error.message, new RegExp(`^\\s+${variable}: `, 'm'));
    });
  }

  it('does not echo a bad DATABASE_URL (it may hold a password)', () => {
    const error = problemsOf({ DATABASE_URL: 'mysql://root:topsecret@db/x' });
    assert.ok(!error.message.includes('topsecret'), error.message);
  });

  it('reports several bad variables at once', () => {
    const error = problemsOf({ DATABASE_URL: 'x', PORT: 'y', LOG_LEVEL: 'z' });
    assert.deepEqual(error.problems.map((p) => p.variable).sort(), ['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });
});
