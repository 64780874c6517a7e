import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { canConnect } from './can-connect';
import { freePorts } from './free-port';
import { platformNodeFlags, RATE_LIMITS_OFF } from './platform-process';

const dist = resolve(__dirname, '../../..');
/** The services besides issuer-api, as deploy/local-cluster/start-cluster.ts starts them. */
export const BACKING_SERVICES = ['kms', 'did-registry', 'status-list', 'notifications', 'data-retention'] as const;
const OUTPUT_LIMIT = 256 * 1024;

/** Every child started here, killed when the test process exits even if a test forgot to stop it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The test asked for it (kill() or stop()); anything else is a crash. */
  expected: boolean;
  at: number;
}

/**
 * One service as its own Node process on a fixed port, which a test can SIGKILL and start again (same port,
 * same environment). `exits` records how every run ended, so a test can tell a crash from a kill it caused.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private log = '';
  private expectExit = false;
  readonly exits: ProcessExit[] = [];

  constructor(
    readonly name: string,
    private readonly entry: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    /** Path answered with 200 once the process serves; undefined: ready once the port accepts connections. */
    private readonly readyPath: string | undefined = '/health/ready',
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isRunning(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Output of every run so far, the latest OUTPUT_LIMIT characters. */
  output(): string {
    return this.log;
  }

  /** Starts the process and resolves once it is ready; rejects (with its output) if it exits first. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.isRunning) return;
    this.expectExit = false;
    const child = spawn(process.execPath, [...platformNodeFlags(), join(dist, this.entry)], {
      env: { ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    const append = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    child.once('exit', (code, signal) => this.exits.push({ code, signal, expected: this.expectExit, at: Date.now() }));
    const deadline = Date.now() + timeoutMs;
    while (!(await this.ready())) {
      if (!this.isRunning)
        throw new Error(`${this.name} exited during start (${child.exitCode ?? child.signalCode}):\n${this.log.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`${this.name} not ready within ${timeoutMs} ms:\n${this.log.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Ends the process with `signal` (SIGKILL: a crash, nothing cleaned up) and waits for its exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.isRunning) return;
    this.expectExit = true;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** Whether /health/ready (or the port) answers now. */
  async ready(): Promise<boolean> {
    if (!this.readyPath) return canConnect(this.port);
    try {
      const response = await fetch(`${this.url}${this.readyPath}`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }
}

export interface ServiceProcessesOptions {
  databaseUrl: string;
  natsUrl: string;
  /** issuer-api replicas behind the round-robin proxy (default 2). */
  replicas?: number;
  /** Added to (and overriding) every process's environment, e.g. WEBHOOK_RETRY_DELAYS. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The distributed mode with every service its own process, like `npm run start:cluster` (the same
 * environment), but without its rule that one exiting child stops all: a fault test kills and restarts
 * single processes. issuer-api replicas are `issuer-api#1`, `issuer-api#2`, …, behind the round-robin proxy
 * (`proxy`, the container image's `proxy` entry point) at `baseUrl`, which is also PUBLIC_URL.
 */
export class ServiceProcesses {
  private constructor(
    readonly baseUrl: string,
    readonly adminKey: string,
    readonly processes: ServiceProcess[],
  ) {}

  static async start(options: ServiceProcessesOptions): Promise<ServiceProcesses> {
    const replicas = options.replicas ?? 2;
    const [proxyPort, ...ports] = await freePorts(1 + replicas + BACKING_SERVICES.length);
    const adminKey = `test-admin-${randomBytes(12).toString('hex')}`;
    const baseUrl = `http://localhost:${proxyPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ADMIN_API_KEYS: adminKey,
      KMS_MASTER_KEY: randomBytes(32).toString('base64'),
      SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_URL: baseUrl,
      NATS_URL: options.natsUrl,
      DATABASE_URL: options.databaseUrl,
      ...RATE_LIMITS_OFF,
      ...options.env,
    };
    const services = BACKING_SERVICES.map((name, i) => new ServiceProcess(name, `apps/${name}/src/main.js`, ports[replicas + i], env));
    const edges = Array.from(
      { length: replicas },
      (_, i) => new ServiceProcess(`issuer-api#${i + 1}`, 'apps/issuer-api/src/main.js', ports[i], env),
    );
    const proxy = new ServiceProcess(
      'proxy',
      'deploy/container/proxy-main.js',
      proxyPort,
      { ...env, PROXY_TARGETS: edges.map((edge) => `127.0.0.1:${edge.port}`).join(',') },
      undefined,
    );
    const cluster = new ServiceProcesses(baseUrl, adminKey, [...services, ...edges, proxy]);
    try {
      await Promise.all([...services, ...edges].map((p) => p.start()));
      await proxy.start();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** A process by name: `kms`, `notifications`, …, `issuer-api#1`, `proxy`. */
  get(name: string): ServiceProcess {
    const found = this.processes.find((p) => p.name === name);
    if (!found) throw new Error(`no process ${name}`);
    return found;
  }

  /** Exits the test did not cause (crashes), named, e.g. `issuer-api#1 exited with 1`. */
  unexpectedExits(): string[] {
    return this.processes.flatMap((p) =>
      p.exits.filter((e) => !e.expected).map((e) => `${p.name} exited with ${e.code ?? e.signal} at ${new Date(e.at).toISOString()}`),
    );
  }

  /** Output of every process (for failure messages). */
  output(): string {
    return this.processes.map((p) => `--- ${p.name}\n${p.output().slice(-6000)}`).join('\n');
  }

  /** Graceful stop of everything (SIGTERM; SIGKILL after 20 s). */
  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill('SIGTERM')));
  }
}
