import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startRoundRobinProxy } from './round-robin-proxy';

/**
 * `npm run start:cluster`: the distributed mode on one machine. Every service runs as its own process
 * over NATS_URL and DATABASE_URL (both required), exactly as in Kubernetes; issuer-api runs twice behind a
 * round-robin proxy on PORT (the role of the Kubernetes Service), so consecutive requests of one client — and SSE
 * streams — land on different replicas, as they do in a cluster. SIGTERM stops all.
 */
const SERVICES = ['kms', 'did-registry', 'status-list', 'notifications', 'data-retention'] as const;
const dist = resolve(__dirname, '../..');
/** How long a service may take to stop after SIGTERM (Kubernetes' default terminationGracePeriodSeconds is 30 s). */
const STOP_GRACE_MS = Number(process.env.STOP_GRACE_MS ?? 20_000);

/**
 * Node flags for every service: PLATFORM_NODE_ARGS (as the benchmark passes it, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
 * for one CPU profile per process) and `--enable-source-maps` when the launcher has it (`npm run start:cluster` does;
 * the tests do not: loading the maps costs each process about a fifth of its start). Not the launcher's other flags:
 * `--inspect` or `--watch` are meant for the launcher, not for seven services at once.
 */
function serviceNodeFlags(): string[] {
  const flags = (process.env.PLATFORM_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return process.execArgv.includes('--enable-source-maps') && !flags.includes('--enable-source-maps')
    ? [...flags, '--enable-source-maps']
    : flags;
}

function fail(message: string): never {
  console.error(`Invalid configuration:\n  ${message}`);
  process.exit(1);
}

async function secret(dataDir: string, name: string, generate: () => string): Promise<string> {
  const file = join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const value = generate();
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/** Waits for `/health/ready` to answer 200; a timeout names the service and what it answered last (which check failed). */
async function waitReady(name: string, url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} (${url}): process exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      last = `${response.status} ${(await response.text()).slice(0, 500)}`;
    } catch (error) {
      last = String((error as { cause?: unknown }).cause ?? error); // not listening yet, or no answer in 5 s
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} (${url}) not ready after ${timeoutMs} ms; last answer: ${last}`);
}

async function main(): Promise<void> {
  if (!process.env.NATS_URL) fail('NATS_URL: is required for the distributed mode (e.g. nats://127.0.0.1:4222)');
  if (!process.env.DATABASE_URL)
    fail('DATABASE_URL: is required for the distributed mode (e.g. postgres://postgres@127.0.0.1:5432/issuer)');
  const dataDir = resolve(process.env.DATA_DIR ?? './.data-cluster');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const port = Number(process.env.PORT ?? 3000);
  const replicas = Number(process.env.ISSUER_API_REPLICAS ?? 2);
  const generatedKey = !process.env.ADMIN_API_KEYS;
  const env = {
    ...process.env,
    ADMIN_API_KEYS:
      process.env.ADMIN_API_KEYS ?? (await secret(dataDir, 'admin-api-key', () => `adm_${randomBytes(24).toString('base64url')}`)),
    KMS_MASTER_KEY: process.env.KMS_MASTER_KEY ?? (await secret(dataDir, 'kms-master-key', () => randomBytes(32).toString('base64'))),
    SECRETS_ENCRYPTION_KEY:
      process.env.SECRETS_ENCRYPTION_KEY ?? (await secret(dataDir, 'secrets-encryption-key', () => randomBytes(32).toString('base64'))),
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
  };

  const children: { name: string; child: ChildProcess; health: string }[] = [];
  const launch = (name: string, entry: string, servicePort: number) => {
    const child = spawn(process.execPath, [...serviceNodeFlags(), join(dist, entry)], {
      env: { ...env, PORT: String(servicePort) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push({ name, child, health: `http://127.0.0.1:${servicePort}/health/ready` });
  };
  // Ports: the proxy on PORT, issuer-api replicas on PORT+1, PORT+2, ..., the other services on PORT+10...
  // CLUSTER_PORTS (comma-separated: the replicas, then the five services) replaces the derived ones, e.g. for tests
  // that pick free ports (PORT+n may be in use, e.g. as the local port of an outgoing connection); it lists all of them.
  const explicit = (process.env.CLUSTER_PORTS ?? '').split(',').filter(Boolean).map(Number);
  const needed = replicas + SERVICES.length;
  if (explicit.length && (explicit.length !== needed || explicit.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)))
    fail(
      `CLUSTER_PORTS: lists ${explicit.length} ports; the cluster needs ${needed} (${replicas} issuer-api replicas, then ${SERVICES.join(', ')})`,
    );
  const pick = (index: number, derived: number) => explicit[index] ?? derived;
  const edgePorts: number[] = [];
  for (let i = 0; i < replicas; i++) edgePorts.push(pick(i, port + 1 + i));
  const servicePorts: number[] = [];
  for (let i = 0; i < SERVICES.length; i++) servicePorts.push(pick(replicas + i, port + 10 + i));
  SERVICES.forEach((service, i) => launch(service, `apps/${service}/src/main.js`, servicePorts[i]));
  edgePorts.forEach((edgePort, i) => launch(`issuer-api#${i + 1}`, 'apps/issuer-api/src/main.js', edgePort));

  let stopping = false;
  let proxy: Server | undefined;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    proxy?.closeAllConnections();
    proxy?.close();
    for (const { child } of children) child.kill('SIGTERM');
    // As Kubernetes does after terminationGracePeriodSeconds: a process that ignores SIGTERM is killed, named, and the
    // cluster exits non-zero so a hanging shutdown is visible instead of blocking whoever stops the cluster.
    const grace = setTimeout(() => {
      for (const { name, child } of children) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        console.error(`${name} did not stop within ${STOP_GRACE_MS} ms of SIGTERM; killing it`);
        code = 1;
        child.kill('SIGKILL');
      }
    }, STOP_GRACE_MS);
    await Promise.all(
      children.map(({ child }) =>
        child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : undefined,
      ),
    );
    clearTimeout(grace);
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  for (const { name, child } of children) {
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${name} exited with code ${code}; stopping the cluster`);
        void stop(1);
      }
    });
  }

  try {
    await Promise.all(children.map(({ name, health, child }) => waitReady(name, health, child)));
  } catch (error) {
    console.error(String(error));
    await stop(1);
    return;
  }
  try {
    proxy = await startRoundRobinProxy(
      port,
      edgePorts.map((edgePort) => ({ host: '127.0.0.1', port: edgePort })),
    );
  } catch (error) {
    console.error(`round-robin proxy on port ${port}: ${String(error)}`);
    await stop(1);
    return;
  }
  const edges = edgePorts.map((edgePort) => `http://localhost:${edgePort}`).join(', ');
  process.stdout.write(
    `\n  Issuer platform (cluster) listening on ${env.PUBLIC_URL}   (round-robin proxy on port ${port})\n` +
      `  issuer-api replicas: ${edges}\n` +
      `  Admin API key: ${generatedKey ? env.ADMIN_API_KEYS : '(from ADMIN_API_KEYS)'}\n` +
      `  Services: ${children.map((c) => `${c.name} ${c.health.replace('/health/ready', '')}`).join(', ')}\n\n`,
  );
}

void main();
