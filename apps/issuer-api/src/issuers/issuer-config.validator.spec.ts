import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '@issuer/platform';
import { SUPPORTED_FORMATS, validateIssuerConfig } from './issuer-config.validator';

const sdJwt = {
  format: 'dc+sd-jwt',
  scope: 'identity',
  cryptographic_binding_methods_supported: ['jwk'],
  credential_signing_alg_values_supported: ['ES256'],
  proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
  credential_metadata: { display: [{ name: 'Identity', locale: 'en' }] },
};
const valid = {
  id: 'acme-1',
  display: [{ name: 'ACME', locale: 'en' }],
  credentialConfigurations: { identity_sd_jwt: sdJwt },
  batchSize: 2,
};

/** The error paths of a refused config (fails the test if it is accepted or throws something else). */
function refusedPaths(body: unknown): string[] {
  try {
    validateIssuerConfig(body);
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.status, 400);
    return (error.errors ?? []).map((e) => e.path);
  }
  assert.fail(`accepted ${JSON.stringify(body)}`);
}

describe('validateIssuerConfig', () => {
  it('accepts a valid dc+sd-jwt issuer and returns it', () => {
    const config = validateIssuerConfig(valid);
    assert.equal(config.id, 'acme-1');
    assert.deepEqual(Object.keys(config.credentialConfigurations), ['identity_sd_jwt']);
    assert.deepEqual(SUPPORTED_FORMATS, ['dc+sd-jwt', 'jwt_vc_json', 'mso_mdoc']);
  });

  it('requires a slug id of 1-64 characters [a-z0-9-]', () => {
    for (const id of ['', 'ACME', 'acme_1', 'acme.1', 'a b', 'a/b', 'ä', 'x'.repeat(65), 42, null]) {
      assert.deepEqual(refusedPaths({ ...valid, id }), ['id'], JSON.stringify(id));
    }
    assert.equal(validateIssuerConfig({ ...valid, id: 'x'.repeat(64) }).id, 'x'.repeat(64));
    assert.equal(validateIssuerConfig({ ...valid, id: '0-9' }).id, '0-9');
    assert.deepEqual(refusedPaths({ credentialConfigurations: valid.credentialConfigurations }), ['id']);
  });

  it('refuses formats this version cannot issue, at credentialConfigurations.<id>.format', () => {
    const paths = refusedPaths({
      ...valid,
      credentialConfigurations: {
        identity_sd_jwt: sdJwt,
        mdl: { format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL' },
        w3c: { format: 'jwt_vc_json', credential_definition: { type: ['VerifiableCredential'] } },
        ld: { format: 'ldp_vc', credential_definition: { type: ['VerifiableCredential'] } },
      },
    });
    assert.deepEqual([...new Set(paths)], ['credentialConfigurations.ld.format']);
    assert.ok(!paths.some((p) => p.startsWith('credentialConfigurations.identity_sd_jwt')), paths.join(', '));
  });

  it('accepts an authorization block and fills the defaults of API.md §11', () => {
    const config = validateIssuerConfig({
      ...valid,
      authorization: { identityProviders: { keycloak: { issuer: 'https://idp.example/realms/a', clientId: 'issuer', clientSecret: 's' } } },
    });
    assert.equal(config.authorization?.requirePar, false);
    assert.equal(config.authorization?.accessTokenTtl, '10m');
    assert.deepEqual(config.authorization?.identityProviders.keycloak.scopes, ['openid', 'profile']);
  });

  it('refuses unknown authorization members, a provider without openid scope and a bad token lifetime', () => {
    assert.deepEqual(refusedPaths({ ...valid, authorization: { provider: 'x' } }), ['authorization.provider']);
    assert.deepEqual(
      refusedPaths({
        ...valid,
        authorization: { identityProviders: { k: { issuer: 'https://idp.example', clientId: 'c', scopes: ['profile'] } } },
      }),
      ['authorization.identityProviders.k.scopes'],
    );
    assert.deepEqual(refusedPaths({ ...valid, authorization: { accessTokenTtl: '1s' } }), ['authorization.accessTokenTtl']);
  });

  it('refuses unknown fields and bad configuration ids', () => {
    assert.ok(refusedPaths({ ...valid, colour: 'red' }).some((p) => p.includes('colour')));
    assert.ok(
      refusedPaths({ ...valid, credentialConfigurations: { 'bad id!': sdJwt } }).some((p) => p.startsWith('credentialConfigurations')),
    );
  });

  it('refuses wrong JSON types with 400, never by throwing something else', () => {
    for (const body of [
      null,
      undefined,
      'acme',
      7,
      [],
      [valid],
      { ...valid, credentialConfigurations: [] },
      { ...valid, batchSize: '2' },
    ]) {
      assert.ok(refusedPaths(body).length > 0, JSON.stringify(body));
    }
    assert.deepEqual(refusedPaths({ ...valid, batchSize: 0 }), ['batchSize']);
    assert.deepEqual(refusedPaths({ ...valid, tokenKeyId: 'not-a-uuid' }), ['tokenKeyId']);
    assert.deepEqual(refusedPaths({ ...valid, statusListKeyId: 'not-a-uuid' }), ['statusListKeyId']);
  });
});
