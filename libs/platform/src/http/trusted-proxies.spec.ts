import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { fastifyTrustProxy, NO_TRUSTED_PROXIES, parseTrustedProxies, trustedProxiesEnv, type TrustedProxies } from './trusted-proxies';

/** request.ip of a request from `peer` with this X-Forwarded-For, as createHttpApp's Fastify computes it. */
async function clientAddress(proxies: TrustedProxies, peer: string, forwardedFor?: string): Promise<string> {
  const app = Fastify({ trustProxy: fastifyTrustProxy(proxies) });
  app.get('/', async (request) => ({ ip: request.ip }));
  const response = await app.inject({
    url: '/',
    remoteAddress: peer,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
  await app.close();
  return (response.json() as { ip: string }).ip;
}

describe('TRUSTED_PROXIES', () => {
  it('parses IPs and CIDRs of both families; IPv4-mapped IPv6 counts as IPv4', () => {
    const proxies = parseTrustedProxies(' 10.0.0.0/8, 192.0.2.7 ,fd00::/8,::1 ');
    assert.deepEqual(proxies.entries, ['10.0.0.0/8', '192.0.2.7', 'fd00::/8', '::1']);
    for (const trusted of ['10.200.3.4', '192.0.2.7', 'fd12::1', '::1', '::ffff:10.0.0.1']) assert.ok(proxies.trusts(trusted), trusted);
    for (const untrusted of ['11.0.0.1', '192.0.2.8', 'fe80::1', '127.0.0.1', 'unknown', ''])
      assert.equal(proxies.trusts(untrusted), false, untrusted);
    assert.equal(parseTrustedProxies('  ,').entries.length, 0);
  });

  it('refuses what is not an IP or CIDR, naming the entry', () => {
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'proxy.internal', '10.0.0.1/8/8', '10.0.0/8', '10.0.0.0/', '10.0.0.0/+8'])
      assert.throws(() => parseTrustedProxies(`127.0.0.1,${bad}`), new RegExp(bad.replace(/[/.+]/g, '\\$&')), bad);
    const parsed = trustedProxiesEnv.safeParse('10.0.0.0/99');
    assert.equal(parsed.success, false);
    assert.match(parsed.error!.issues[0].message, /^must be comma-separated IPs or CIDRs: "10\.0\.0\.0\/99"/);
    assert.equal(trustedProxiesEnv.parse(undefined).entries.length, 0);
  });

  it('none trusted: X-Forwarded-For is ignored, the socket peer is the client', async () => {
    assert.equal(fastifyTrustProxy(NO_TRUSTED_PROXIES), false);
    assert.equal(await clientAddress(NO_TRUSTED_PROXIES, '127.0.0.1', '198.51.100.7'), '127.0.0.1');
  });

  it('takes the right-most untrusted address, never what the client prepended', async () => {
    const proxies = parseTrustedProxies('127.0.0.1,10.0.0.0/8');
    assert.equal(await clientAddress(proxies, '127.0.0.1', '198.51.100.7'), '198.51.100.7');
    // The client sent "203.0.113.9"; the ingress (10.1.1.1) appended the client's real address, then an inner proxy.
    assert.equal(await clientAddress(proxies, '127.0.0.1', '203.0.113.9, 198.51.100.7, 10.1.1.1'), '198.51.100.7');
    assert.equal(await clientAddress(proxies, '127.0.0.1', 'garbage, 198.51.100.7'), '198.51.100.7');
    // A peer that is not a trusted proxy is the client, whatever it says.
    assert.equal(await clientAddress(proxies, '192.0.2.1', '198.51.100.7'), '192.0.2.1');
    assert.equal(await clientAddress(proxies, '127.0.0.1'), '127.0.0.1');
  });
});
