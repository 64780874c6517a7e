import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCredentialStatus, credentialStatusSchema, statusPurposesOf, type CredentialStatusConfig } from './credential-status.rules';

const messages = (n: number) => Array.from({ length: n }, (_, v) => ({ status: `0x${v}`, message: `value ${v}` }));

const at = (field: string) => `runtimeOverrides.${field}`;

describe('credentialStatus rules (API.md §5)', () => {
  it('accepts Token Status Lists for SD-JWT VC and mdoc, W3C lists for jwt_vc_json', () => {
    for (const [type, format] of [
      ['TokenStatusList', 'dc+sd-jwt'],
      ['TokenStatusList', 'mso_mdoc'],
      ['BitstringStatusList', 'jwt_vc_json'],
      ['StatusList2021', 'jwt_vc_json'],
    ] as const) {
      assert.deepEqual(checkCredentialStatus({ type }, format, at), [], `${type} / ${format}`);
    }
  });

  it('refuses an incompatible mechanism, naming the field and the alternatives', () => {
    const [error] = checkCredentialStatus({ type: 'BitstringStatusList' }, 'dc+sd-jwt', at);
    assert.equal(error.path, 'runtimeOverrides.credentialStatus.type');
    assert.match(error.message, /not compatible with format dc\+sd-jwt; use TokenStatusList/);
    assert.equal(checkCredentialStatus({ type: 'TokenStatusList' }, 'jwt_vc_json', at)[0].path, 'runtimeOverrides.credentialStatus.type');
    assert.equal(checkCredentialStatus({ type: 'StatusList2021' }, 'mso_mdoc', at).length, 1);
  });

  it('needs purpose suspension for an initial SUSPENDED status', () => {
    assert.equal(
      checkCredentialStatus({ type: 'TokenStatusList', initialStatus: 'SUSPENDED' }, 'dc+sd-jwt', at)[0].path,
      at('credentialStatus.initialStatus'),
    );
    assert.deepEqual(
      checkCredentialStatus({ type: 'TokenStatusList', purpose: 'suspension', initialStatus: 'SUSPENDED' }, 'dc+sd-jwt', at),
      [],
    );
  });

  it('accepts both W3C purposes and a Bitstring message list; refuses them where the list cannot hold them', () => {
    const errorsOf = (status: CredentialStatusConfig, format = 'jwt_vc_json') =>
      checkCredentialStatus(status, format, at).map((e) => e.path);
    assert.deepEqual(errorsOf({ type: 'BitstringStatusList', purpose: ['revocation', 'suspension'], initialStatus: 'SUSPENDED' }), []);
    assert.deepEqual(errorsOf({ type: 'StatusList2021', purpose: ['suspension', 'revocation'] }), []);
    assert.deepEqual(errorsOf({ type: 'BitstringStatusList', purpose: 'message', statusMessage: messages(4) }), []);
    assert.deepEqual(statusPurposesOf({ type: 'StatusList2021' }), ['revocation']);
    assert.deepEqual(errorsOf({ type: 'TokenStatusList', purpose: ['revocation', 'suspension'] }, 'dc+sd-jwt'), [
      at('credentialStatus.purpose'),
    ]);
    assert.deepEqual(errorsOf({ type: 'TokenStatusList', purpose: 'message' }, 'mso_mdoc'), [at('credentialStatus.purpose')]);
    assert.deepEqual(errorsOf({ type: 'StatusList2021', purpose: 'message' }), [at('credentialStatus.purpose')]);
    assert.deepEqual(errorsOf({ type: 'BitstringStatusList', purpose: ['revocation', 'revocation'] }), [at('credentialStatus.purpose')]);
    assert.deepEqual(errorsOf({ type: 'BitstringStatusList', purpose: 'message', statusMessage: messages(3) }), [
      at('credentialStatus.statusMessage'),
    ]);
    assert.deepEqual(errorsOf({ type: 'BitstringStatusList', statusMessage: messages(4) }), [at('credentialStatus.statusMessage')]);
    assert.equal(credentialStatusSchema.safeParse({ type: 'BitstringStatusList', purpose: ['message'] }).success, false);
  });

  it('refuses unknown types, purposes and fields in the schema', () => {
    assert.equal(credentialStatusSchema.safeParse({ type: 'CRL' }).success, false);
    assert.equal(credentialStatusSchema.safeParse({ type: 'TokenStatusList', purpose: 'refresh' }).success, false);
    assert.equal(credentialStatusSchema.safeParse({ type: 'TokenStatusList', bits: 2 }).success, false);
  });
});
