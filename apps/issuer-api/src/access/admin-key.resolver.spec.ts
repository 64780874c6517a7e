import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IssuerApiConfig } from '../issuer-api.config';
import { AdminKeyResolver, adminKeyFingerprint } from './admin-key.resolver';

describe('bootstrap admin keys', () => {
  const keys = ['adm_first-key-0123456789', 'adm_second-key-0123456789'];
  const resolver = new AdminKeyResolver({ adminApiKeys: keys } as IssuerApiConfig);

  it('are platform-admin on every issuer, named by a fingerprint that is not the key', async () => {
    const principal = await resolver.resolve(keys[1]!);
    assert.deepEqual(principal, { type: 'admin-key', id: adminKeyFingerprint(keys[1]!), roles: ['platform-admin'], issuers: '*' });
    assert.match(principal!.id, /^[0-9a-f]{8}$/);
    assert.ok(!keys[1]!.includes(principal!.id));
    assert.notEqual(adminKeyFingerprint(keys[0]!), principal!.id);
  });

  it('leave other credentials to the next resolver', async () => {
    assert.equal(await resolver.resolve('isk_something'), undefined);
    assert.equal(await resolver.resolve(`${keys[0]}x`), undefined);
  });
});
