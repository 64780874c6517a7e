import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Ports for test servers, picked outside the kernel's ephemeral range. A port the OS hands out for `listen(0)` lies in
 * that range, and between closing the probe and the child's own listen, any outgoing connection on the machine (the
 * cluster's many PostgreSQL and NATS connections) may take it as its local port: CI saw `EADDRINUSE` that way. Ports
 * outside the range are never handed out implicitly, so only another listener can take them — and test processes
 * running side by side (two e2e files at once) reserve what they pick in a shared folder, so neither picks a port the
 * other has just picked and not yet bound.
 */
const [EPHEMERAL_LOW, EPHEMERAL_HIGH] = ephemeralRange();
const PICK_FLOOR = 10_000;
const PICK_CEILING = 65_535;
const ATTEMPTS = 200;
/** How long a picked port stays reserved for the process that picked it (its child binds it within seconds). */
export const RESERVATION_MS = 10 * 60_000;
const RESERVATIONS = join(tmpdir(), 'issuer-test-ports');

/** The ranges a port is picked from: below the ephemeral range and above it, where each has room. */
const PICK_RANGES = [
  [PICK_FLOOR, EPHEMERAL_LOW - 1],
  [EPHEMERAL_HIGH + 1, PICK_CEILING],
].filter(([from, to]) => to! - from! >= 1_000);
const PICK_ROOM = PICK_RANGES.reduce((sum, [from, to]) => sum + to! - from! + 1, 0);

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/** `count` distinct free ports, all held open at once while they are picked so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  try {
    while (held.length < count) held.push(await holdFreePort(held));
    return held.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(held.map((server) => new Promise((closed) => server.close(closed))));
  }
}

/**
 * Reserves `port` for this process unless another live reservation holds it: a file per port, created exclusively;
 * a reservation older than RESERVATION_MS is taken over. Returns whether this process now holds it.
 */
export function reservePort(port: number, now = Date.now()): boolean {
  mkdirSync(RESERVATIONS, { recursive: true });
  const file = join(RESERVATIONS, String(port));
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    try {
      const mine = readFileSync(file, 'utf8') === String(process.pid);
      if (!mine && now - statSync(file).mtimeMs < RESERVATION_MS) return false;
      writeFileSync(file, String(process.pid));
      return true;
    } catch {
      return false; // removed or rewritten meanwhile: leave it to its owner
    }
  }
}

async function holdFreePort(taken: Server[]): Promise<Server> {
  const takenPorts = new Set(taken.map((server) => (server.address() as { port: number }).port));
  if (PICK_RANGES.length === 0) return listen(0);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = randomCandidate();
    if (takenPorts.has(port)) continue;
    let server: Server;
    try {
      server = await listen(port);
    } catch {
      continue; // taken by another listener
    }
    if (reservePort(port)) return server;
    await new Promise((closed) => server.close(closed));
  }
  return listen(0);
}

/** A port drawn evenly from PICK_RANGES. */
function randomCandidate(): number {
  let offset = Math.floor(Math.random() * PICK_ROOM);
  for (const [from, to] of PICK_RANGES) {
    const size = to! - from! + 1;
    if (offset < size) return from! + offset;
    offset -= size;
  }
  return PICK_RANGES[0]![0]!;
}

/** Listens on every address (as the services do), so a port bound on any one of them counts as taken. */
function listen(port: number): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolveServer(server));
  });
}

function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 0 && high! >= low!) return [low!, high!];
  } catch {
    // not Linux: ephemeral ranges elsewhere start at 32768 or higher, so ports below that are outside them
  }
  return [32_768, PICK_CEILING];
}
