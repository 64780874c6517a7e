import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdminClient, createSdJwtIssuer, createTestDatabase, startCluster, startStandalone, type RunningPlatform } from '@issuer/testing';
import { Client } from 'pg';
import type { LoadTarget } from './load';
import { descendantsOf, processParents, readCmdline, readEnvironVariable } from './proc-accounting';

/**
 * What the benchmark measures, started as children of this process so /proc accounts for them: the standalone
 * platform (its embedded PostgreSQL below it), the cluster (services, its NATS server; PostgreSQL is the shared
 * server, monitored through the platform's database), or one of the one-file baselines: in memory, or durable (its
 * tables in a database of its own on the shared server, monitored like the cluster's).
 */
export type TargetName = 'standalone' | 'cluster' | 'baseline' | 'durable-baseline';

/** The one-file issuers the platform is compared against. */
export const isBaseline = (name: TargetName): name is 'baseline' | 'durable-baseline' => name === 'baseline' || name === 'durable-baseline';

export interface StartedTarget {
  name: TargetName;
  load: LoadTarget;
  /** A connection URL to the platform's database for the statistics (none for the baseline). */
  databaseUrl?: string;
  /** Whether that database lives on a server other databases share (then only its backends are counted). */
  sharedDatabaseServer: boolean;
  /** Bytes the target wrote to its stdout/stderr so far (they pass through this process, so cost it CPU). */
  outputBytes(): number;
  stop(): Promise<void>;
}

/** The direct child of this process whose command line contains `needle`. */
async function childRunning(needle: string): Promise<number> {
  const parents = processParents();
  for (const pid of descendantsOf(process.pid, parents)) {
    if (parents.get(pid) === process.pid && readCmdline(pid).includes(needle)) return pid;
  }
  throw new Error(`no child process running ${needle}`);
}

/** The embedded PostgreSQL of a standalone DATA_DIR: port from postmaster.pid, password from DATA_DIR/pg-password. */
export async function embeddedDatabaseUrl(dataDir: string): Promise<string> {
  const postmaster = (await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
  const port = Number(postmaster[3]);
  const password = (await readFile(join(dataDir, 'pg-password'), 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/issuer`;
}

/** Where the standalone or cluster platform keeps its database, from the environment of its top process. */
async function platformDatabaseUrl(name: 'standalone' | 'cluster'): Promise<string | undefined> {
  const root = await childRunning(name === 'cluster' ? 'start-cluster' : 'apps/standalone/src/main.js');
  if (name === 'cluster') return readEnvironVariable(root, 'DATABASE_URL');
  const dataDir = await readEnvironVariable(root, 'DATA_DIR');
  const url = dataDir ? await embeddedDatabaseUrl(dataDir).catch(() => undefined) : undefined;
  // Without it the run still measures CPU (the embedded server is below the platform), only the row counts are missing.
  if (!url) process.stderr.write(`no embedded PostgreSQL found under DATA_DIR=${dataDir}/pg: no database figures\n`);
  return url;
}

/**
 * Standalone with `--statements`: the embedded server loads pg_stat_statements (one restart of the platform on the
 * same DATA_DIR), so the report can count statements. It costs PostgreSQL some CPU, hence not by default.
 */
async function enableStatements(platform: RunningPlatform, url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await client.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
  await client.end();
  await platform.restart();
  const restarted = await platformDatabaseUrl('standalone');
  if (!restarted) return undefined;
  const again = new Client({ connectionString: restarted });
  await again.connect();
  await again.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await again.end();
  return restarted;
}

/**
 * Cluster with `--statements`: the shared server cannot be restarted by the benchmark, so statements are counted only
 * when it already preloads pg_stat_statements (e.g. a server of one's own named by TEST_DATABASE_URL); the extension is
 * installed in the platform's database, and without the preload the report says statements are n/a.
 */
async function installStatements(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const preload = (await client.query<{ libs: string }>(`SELECT current_setting('shared_preload_libraries') AS libs`)).rows[0].libs;
    if (!preload.includes('pg_stat_statements')) {
      process.stderr.write('the PostgreSQL server does not preload pg_stat_statements: no statement figures\n');
      return;
    }
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch((error: Error) => {
      process.stderr.write(`pg_stat_statements could not be installed (${error.message}): no statement figures\n`);
    });
  } finally {
    await client.end();
  }
}

async function startPlatform(name: 'standalone' | 'cluster', options: { statements: boolean }): Promise<StartedTarget> {
  // Rate limiting on, as deployed (tests turn it off), with limits no client of the load reaches: every request is
  // counted, none refused, although all wallets share one address.
  const env = { LOG_LEVEL: 'warn', RATE_LIMIT_WALLET_PER_MINUTE: '9999999', RATE_LIMIT_ADMIN_PER_MINUTE: '9999999' };
  const platform = name === 'cluster' ? await startCluster(env) : await startStandalone(env);
  try {
    let databaseUrl = await platformDatabaseUrl(name);
    if (options.statements && name === 'standalone' && databaseUrl) databaseUrl = await enableStatements(platform, databaseUrl);
    if (options.statements && name === 'cluster' && databaseUrl) await installStatements(databaseUrl);
    const admin = new AdminClient(platform.baseUrl, platform.adminKey);
    const issuerId = `bench-${Date.now().toString(36)}`;
    const { profileId } = await createSdJwtIssuer(admin, { issuerId });
    return {
      name,
      load: { baseUrl: platform.baseUrl, adminKey: platform.adminKey, issuerId, profileId, credentialConfigurationId: 'identity_sd_jwt' },
      databaseUrl,
      sharedDatabaseServer: name === 'cluster',
      outputBytes: () => platform.output().length,
      stop: () => platform.stop(),
    };
  } catch (error) {
    await platform.stop();
    throw error;
  }
}

async function startBaseline(name: 'baseline' | 'durable-baseline'): Promise<StartedTarget> {
  const adminKey = `bench-admin-${Date.now().toString(36)}`;
  const database = name === 'durable-baseline' ? await createTestDatabase('bench') : undefined;
  const script = name === 'durable-baseline' ? 'durable-issuer.js' : 'in-memory-issuer.js';
  const child = spawn(process.execPath, [join(__dirname, script)], {
    env: {
      ...process.env,
      PORT: '0',
      ADMIN_KEY: adminKey,
      ISSUER_ID: 'bench',
      PROFILE_ID: 'bench-profile',
      DATABASE_URL: database?.url ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let outputBytes = 0;
  child.stderr.on('data', (chunk: Buffer) => {
    outputBytes += chunk.length;
    process.stderr.write(chunk);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
  };
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${script} did not start: ${out}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        outputBytes += chunk.length;
        out += chunk.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with ${code}: ${out}`));
      });
    });
    return {
      name,
      load: { baseUrl, adminKey, issuerId: 'bench', profileId: 'bench-profile', credentialConfigurationId: 'identity_sd_jwt' },
      databaseUrl: database?.url,
      sharedDatabaseServer: database !== undefined,
      outputBytes: () => outputBytes,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function startTarget(name: TargetName, options: { statements?: boolean } = {}): Promise<StartedTarget> {
  return isBaseline(name) ? startBaseline(name) : startPlatform(name, { statements: options.statements ?? false });
}
