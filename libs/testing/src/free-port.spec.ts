import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, freePorts, RESERVATION_MS, reservePort } from './free-port';

const [ephemeralLow, ephemeralHigh] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);

describe('free test ports', () => {
  it('picks distinct ports outside the ephemeral range, where no outgoing connection can take them', async () => {
    const ports = await freePorts(8);
    assert.equal(new Set(ports).size, 8);
    for (const port of ports)
      assert.ok(port >= 10_000 && (port < ephemeralLow! || port > ephemeralHigh!), `${port} is outside ${ephemeralLow}-${ephemeralHigh}`);
  });

  it('reserves what it picks, so a test process running beside this one does not pick it before it is bound', async () => {
    const [port] = await freePorts(1);
    assert.equal(reservePort(port!), true, 'this process holds it (picked above), and may pick it again');
    const inChild = (now: number) =>
      execFileSync(
        process.execPath,
        ['-e', `process.stdout.write(String(require(${JSON.stringify(join(__dirname, 'free-port.js'))}).reservePort(${port}, ${now})))`],
        {
          encoding: 'utf8',
        },
      );
    assert.equal(inChild(Date.now()), 'false', 'another process cannot reserve it');
    assert.equal(inChild(Date.now() + RESERVATION_MS + 1000), 'true', 'an old reservation is taken over');
    assert.equal(reservePort(port!), false, 'now the other process holds it');
  });

  it('never hands out a port another listener holds', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((listening) => holder.listen(port, listening));
    try {
      const picked = await freePorts(32);
      assert.ok(!picked.includes(port));
      const [again] = await freePorts(1);
      await new Promise<void>((listening, failed) => {
        const server = createServer().once('error', failed);
        server.listen(again, () => server.close(() => listening()));
      });
    } finally {
      await new Promise((closed) => holder.close(closed));
    }
  });
});
