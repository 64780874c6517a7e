import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { freePort, freePorts } from './free-port';

const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

describe('free test ports', () => {
  it('picks distinct ports below the ephemeral range, where no outgoing connection can take them', async () => {
    const ports = await freePorts(8);
    assert.equal(new Set(ports).size, 8);
    for (const port of ports) assert.ok(port >= 10_000 && port < ephemeralLow, `${port} is below ${ephemeralLow}`);
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
