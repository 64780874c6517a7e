import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

/** Every child started here, killed when the test process exits even if a test forgot to stop it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A private nats-server with JetStream (listening on 127.0.0.1 only) for tests that need to stop and
 * restart NATS. The port and the JetStream store directory survive `kill()`/`start()`, so a restart
 * brings back the same streams and the clients reconnect to the same URL.
 */
export class NatsServerProcess {
  private child?: ChildProcess;
  private log = '';

  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  /** Starts a server on a free port with a fresh store directory. */
  static async start(options: { startTimeoutMs?: number } = {}): Promise<NatsServerProcess> {
    const server = new NatsServerProcess(await freePort(), await mkdtemp(join(tmpdir(), 'itest-nats-')));
    try {
      await server.start(options.startTimeoutMs);
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get isRunning(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Server output so far (for failure messages). */
  output(): string {
    return this.log;
  }

  /** (Re)starts the server on the same port and store directory; resolves once it accepts connections. */
  async start(timeoutMs = 15_000): Promise<void> {
    if (this.isRunning) return;
    const child = spawn(NATS_SERVER_BIN, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    child.stdout?.on('data', (d) => (this.log += d));
    child.stderr?.on('data', (d) => (this.log += d));
    const deadline = Date.now() + timeoutMs;
    // "Server is ready" is logged after the client listener and JetStream are up.
    while (!/Server is ready/.test(this.log) || !(await canConnect(this.port))) {
      if (!this.isRunning) throw new Error(`nats-server exited during start:\n${this.log.slice(-2000)}`);
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`nats-server did not start within ${timeoutMs} ms:\n${this.log.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the server abruptly (SIGKILL by default: an outage, not a graceful shutdown). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the server and removes its store directory. */
  async dispose(): Promise<void> {
    await this.kill();
    await rm(this.storeDir, { recursive: true, force: true });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
