import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, isNonPublicAddress, OutboundGuard, OutboundRefused, parseOutboundAllowList, type Resolve } from '@issuer/platform';
import { loadDidRegistryConfig } from '../did-registry.config';

const dns: Record<string, string[]> = {
  'public.example': ['93.184.215.14'],
  'internal.example': ['10.1.2.3'],
  'mixed.example': ['93.184.215.14', '192.168.1.5'],
  'v6local.example': ['fe80::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'metadata.example': ['169.254.169.254'],
};
const fakeResolve: Resolve = async (host) => (dns[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const guard = (allow = '') => new OutboundGuard(parseOutboundAllowList(allow), fakeResolve);
const refused = (promise: Promise<unknown>) => assert.rejects(promise, OutboundRefused);

describe('outbound SSRF guard', () => {
  it('classifies loopback, private, link-local and reserved addresses as non-public', () => {
    for (const ip of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '::',
    ]) {
      assert.ok(isNonPublicAddress(ip), ip);
    }
    for (const ip of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111']) assert.ok(!isNonPublicAddress(ip), ip);
  });

  it('refuses hosts resolving to non-public addresses (any of them), and IP literals', async () => {
    assert.deepEqual(await guard().check('public.example'), [{ address: '93.184.215.14', family: 4 }]);
    await refused(guard().check('internal.example'));
    await refused(guard().check('mixed.example'));
    await refused(guard().check('v6local.example'));
    await refused(guard().check('mapped.example'));
    await refused(guard().check('metadata.example'));
    await refused(guard().check('127.0.0.1'));
    await refused(guard().check('[::1]'));
    await refused(guard().check('localhost.unresolvable'));
  });

  it('accepts non-public addresses allowed by host name, IP or CIDR', async () => {
    assert.equal((await guard('internal.example').check('INTERNAL.example')).length, 1);
    assert.equal((await guard('10.1.2.3').check('internal.example')).length, 1);
    assert.equal((await guard('10.0.0.0/8').check('internal.example')).length, 1);
    assert.equal((await guard('127.0.0.1, fe80::/10').check('127.0.0.1')).length, 1);
    assert.equal((await guard('fe80::/10').check('v6local.example')).length, 1);
    assert.equal((await guard('127.0.0.0/8').check('mapped.example')).length, 1);
    await refused(guard('10.0.0.0/8').check('mixed.example'));
    await refused(guard('10.1.2.4').check('internal.example'));
  });

  it('validates OUTBOUND_ALLOWED_HOSTS at boot, naming the variable', () => {
    assert.equal(loadDidRegistryConfig({}).outboundAllowList.hosts.size, 0);
    const config = loadDidRegistryConfig({ OUTBOUND_ALLOWED_HOSTS: 'hooks.example.com, 10.0.0.0/8,::1,[fd00::1]' });
    assert.ok(config.outboundAllowList.hosts.has('hooks.example.com'));
    for (const bad of ['10.0.0.0/33', 'http://x.example', 'a b', '1.2.3.4/8/2', 'fe80::/129']) {
      assert.throws(
        () => loadDidRegistryConfig({ OUTBOUND_ALLOWED_HOSTS: bad }),
        (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.variable === 'OUTBOUND_ALLOWED_HOSTS'),
        bad,
      );
    }
  });
});
