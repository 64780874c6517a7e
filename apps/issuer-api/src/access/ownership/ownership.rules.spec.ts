import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../principal';
import { canUse, issuerConfigRefs, profileRefs, referenceErrors, refKey } from './ownership.rules';

const teamA: Principal = { type: 'api-key', id: 'a', roles: ['issuer-admin'], issuers: ['acme'] };
const admin: Principal = { type: 'admin-key', id: 'b', roles: ['platform-admin'], issuers: '*' };

describe('ownership rules', () => {
  it("an issuer's resource serves that issuer only, whoever asks", () => {
    assert.ok(canUse('key', 'acme', 'acme', teamA));
    assert.ok(!canUse('key', 'globex', 'acme', teamA));
    assert.ok(!canUse('key', 'globex', 'acme', admin), 'not even platform-admin signs for acme with globex’s key');
    assert.ok(!canUse('key', 'acme', null, admin), 'a platform resource cannot be built on an issuer’s key');
  });

  it('platform resources (and keys or certificates without an owner row) are for platform-admin only', () => {
    for (const owner of [null, undefined]) {
      assert.ok(!canUse('key', owner, 'acme', teamA));
      assert.ok(canUse('key', owner, 'acme', admin));
      assert.ok(!canUse('certificate', owner, 'acme', teamA));
    }
    assert.ok(!canUse('did', null, 'acme', teamA), 'a platform DID');
    assert.ok(canUse('did', undefined, 'acme', teamA), 'a DID registered elsewhere names nothing of ours');
  });

  it('names each refused field with one message for missing, foreign and platform resources', () => {
    const refs = profileRefs({ issuerKeyId: 'k1', certificateId: 'c1', issuerDid: 'did:web:x' });
    const owners = new Map([
      [refKey({ kind: 'key', id: 'k1' }), 'globex'],
      [refKey({ kind: 'certificate', id: 'c1' }), null],
    ]);
    const errors = referenceErrors(refs, owners, 'acme', teamA);
    assert.deepEqual(
      errors.map((e) => e.path),
      ['issuerKeyId', 'certificateId'],
    );
    assert.equal(errors[0]!.message, 'key k1 cannot be used by issuer acme: it must belong to acme');
    const missing = referenceErrors([{ kind: 'key', id: 'k9', path: 'issuerKeyId' }], new Map(), 'acme', teamA);
    assert.equal(missing[0]!.message, 'key k9 cannot be used by issuer acme: it must belong to acme');
  });

  it('keeps references the stored configuration already has', () => {
    const refs = issuerConfigRefs({ statusListKeyId: 'k-platform', tokenKeyId: 'k-new' });
    const errors = referenceErrors(refs, new Map(), 'acme', teamA, new Set([refKey({ kind: 'key', id: 'k-platform' })]));
    assert.deepEqual(
      errors.map((e) => e.path),
      ['tokenKeyId'],
    );
  });

  it('collects the references of issuer configurations and profiles with their paths', () => {
    assert.deepEqual(
      issuerConfigRefs({ tokenKeyId: 't', statusListKeyId: 's', signedMetadata: { keyId: 'm', certificateId: 'c' } }).map(
        (r) => `${r.kind} ${r.path}`,
      ),
      ['key tokenKeyId', 'key statusListKeyId', 'key signedMetadata.keyId', 'certificate signedMetadata.certificateId'],
    );
    assert.deepEqual(
      profileRefs({ issuerKeyId: 'k', issuerDid: 'did:x:y' }, 'offers.2.runtimeOverrides').map((r) => r.path),
      ['offers.2.runtimeOverrides.issuerKeyId', 'offers.2.runtimeOverrides.issuerDid'],
    );
  });
});
