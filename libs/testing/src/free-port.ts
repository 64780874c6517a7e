import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/**
 * Ports for test servers, picked below the kernel's ephemeral range. A port the OS hands out for `listen(0)` lies in
 * that range, and between closing the probe and the child's own listen, any outgoing connection on the machine (the
 * cluster's many PostgreSQL and NATS connections) may take it as its local port: CI saw `EADDRINUSE` that way. Ports
 * below the range are never handed out implicitly, so only another listener can take them.
 */
const EPHEMERAL_LOW = ephemeralRangeLow();
const PICK_FLOOR = 10_000;
const ATTEMPTS = 50;

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

async function holdFreePort(taken: Server[]): Promise<Server> {
  const takenPorts = new Set(taken.map((server) => (server.address() as { port: number }).port));
  if (EPHEMERAL_LOW - PICK_FLOOR < 1_000) return listen(0);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = PICK_FLOOR + Math.floor(Math.random() * (EPHEMERAL_LOW - PICK_FLOOR));
    if (takenPorts.has(port)) continue;
    try {
      return await listen(port);
    } catch {
      // taken by another listener: try another
    }
  }
  return listen(0);
}

/** Listens on every address (as the services do), so a port bound on any one of them counts as taken. */
function listen(port: number): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolveServer(server));
  });
}

function ephemeralRangeLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    return 32_768; // not Linux: the range's usual start elsewhere is higher, so ports below it are outside it too
  }
}
