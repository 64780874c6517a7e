import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, freePorts } from './free-port';
import { NatsServerProcess } from './nats-server-process';

export interface RunningPlatform {
  /** Public edge (issuer-api) base URL; in cluster mode the first replica. */
  baseUrl: string;
  /** All public edges (cluster mode: one per issuer-api replica). */
  edges: string[];
  adminKey: string;
  output(): string;
  /** Graceful stop (SIGTERM), then removes the data it created. */
  stop(): Promise<void>;
  /** Graceful stop and start again on the same data (database, DATA_DIR) and port. */
  restart(): Promise<void>;
  /** Exit codes of the platform processes that ended so far (a graceful stop exits 0). */
  exitCodes: (number | null)[];
  /** Cluster mode: the NATS server the services use (each cluster gets its own unless the test passes NATS_URL). */
  natsUrl?: string;
}

const dist = resolve(__dirname, '../../..');
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Creates an empty database on the test PostgreSQL server and returns its URL. */
export async function createTestDatabase(prefix = 'itest'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Every test sends from 127.0.0.1 with one admin key, and suites like the fuzzer and the benchmarks send thousands of
 * requests: the rate limits (API.md §13) are off unless a test about them sets its own.
 */
export const RATE_LIMITS_OFF = { RATE_LIMIT_WALLET_PER_MINUTE: '0', RATE_LIMIT_ADMIN_PER_MINUTE: '0' } as const;

/**
 * Node flags of the platform processes the tests start (start-cluster gives every service PLATFORM_NODE_ARGS too):
 * PLATFORM_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a benchmark, and `--enable-source-maps`
 * only with TEST_SOURCE_MAPS=1 (stack traces in the TypeScript sources): loading the maps costs every process about a
 * fifth of its start, and the end-to-end layers start several hundred.
 */
export function platformNodeFlags(): string[] {
  const flags = (process.env.PLATFORM_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return process.env.TEST_SOURCE_MAPS === '1' ? [...flags, '--enable-source-maps'] : flags;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, log: () => string): Promise<void> {
  return new Promise((resolveWait, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start within ${timeoutMs} ms:\n${log().slice(-4000)}`)), timeoutMs);
    const check = () => {
      if (pattern.test(log())) {
        clearTimeout(timer);
        resolveWait();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with code ${code}:\n${log().slice(-4000)}`));
    });
  });
}

async function launch(
  entry: string,
  env: NodeJS.ProcessEnv,
  cleanup: () => Promise<void>,
  edges: (port: number) => string[],
  port: number,
): Promise<RunningPlatform> {
  const adminKey = `test-admin-${randomBytes(12).toString('hex')}`;
  let log = '';
  let child: ChildProcess | undefined;
  const exitCodes: (number | null)[] = [];
  const spawnOnce = async () => {
    const started = spawn(process.execPath, [...platformNodeFlags(), join(dist, entry)], {
      env: {
        ...process.env,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        ADMIN_API_KEYS: adminKey,
        PORT: String(port),
        ...RATE_LIMITS_OFF,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.once('exit', (code) => exitCodes.push(code));
    started.stdout?.on('data', (d) => (log += d));
    started.stderr?.on('data', (d) => (log += d));
    const mark = log.length;
    await waitForLine(started, /listening on/, 120_000, () => log.slice(mark));
  };
  const kill = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };
  const stop = async () => {
    await kill();
    await cleanup();
  };
  try {
    await spawnOnce();
  } catch (error) {
    await stop();
    throw error;
  }
  const all = edges(port);
  return {
    baseUrl: all[0],
    edges: all,
    adminKey,
    output: () => log,
    exitCodes,
    stop,
    restart: async () => {
      await kill();
      await spawnOnce();
    },
  };
}

/** `npm start` as a child process: embedded PostgreSQL in a temporary DATA_DIR, in-process bus. */
export async function startStandalone(env: NodeJS.ProcessEnv = {}): Promise<RunningPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'issuer-standalone-'));
  // A test that must know the address before the start (a redirect URI registered at an identity provider) names PORT.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  return launch(
    'apps/standalone/src/main.js',
    { DATA_DIR: dataDir, DATABASE_URL: '', NATS_URL: '', ...env },
    () => rm(dataDir, { recursive: true, force: true }),
    (p) => [`http://localhost:${p}`],
    port,
  );
}

/** The services of the cluster besides issuer-api: kms, did-registry, status-list, notifications, data-retention. */
const CLUSTER_SERVICES = 5;

/** `npm run start:cluster` as a child process: every service its own process over real NATS and PostgreSQL. */
export async function startCluster(env: NodeJS.ProcessEnv = {}): Promise<RunningPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'issuer-cluster-'));
  const database = await createTestDatabase('e2e');
  // A NATS server of its own (unless the test brings one): clusters of other runs on the shared server would join the
  // same queue groups and the same durable consumers, and answer this cluster's requests.
  const nats = env.NATS_URL ? undefined : await NatsServerProcess.start();
  // Every process gets its own free port (PORT+n may be taken, e.g. by an outgoing connection's local port): the
  // proxy, each issuer-api replica, and the five other services.
  const replicas = Number(env.ISSUER_API_REPLICAS ?? 2);
  const [free, ...others] = await freePorts(1 + replicas + CLUSTER_SERVICES);
  const port = env.PORT ? Number(env.PORT) : free!;
  const platform = await launch(
    'deploy/local-cluster/start-cluster.js',
    {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      NATS_URL: nats?.url ?? TEST_NATS_URL,
      ISSUER_API_REPLICAS: String(replicas),
      CLUSTER_PORTS: others.join(','),
      ...env,
    },
    async () => {
      await database.drop();
      await nats?.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
    (p) => [`http://localhost:${p}`, `http://localhost:${others[0]}`],
    port,
  );
  return { ...platform, natsUrl: nats?.url ?? env.NATS_URL ?? TEST_NATS_URL };
}

/** The platform named by E2E_TARGET (`standalone`, the default, or `cluster`). */
export function startTarget(env: NodeJS.ProcessEnv = {}): Promise<RunningPlatform> {
  return process.env.E2E_TARGET === 'cluster' ? startCluster(env) : startStandalone(env);
}
