import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildCredentialIssuerMetadata, credentialIssuerUrl } from './credential-issuer-metadata.builder';
import { buildAuthorizationServerMetadata } from './authorization-server-metadata.builder';
import { buildJwtVcIssuerMetadata } from './jwt-vc-issuer-metadata.builder';
import type { CredentialConfiguration } from './credential-configuration.schema';

const CI = 'https://issuer.example.com/issuers/acme';

describe('credentialIssuerUrl', () => {
  it('joins PUBLIC_URL and the issuer id without double slashes', () => {
    assert.equal(credentialIssuerUrl('https://issuer.example.com/', 'acme'), CI);
    assert.equal(credentialIssuerUrl('http://localhost:3000', 'acme'), 'http://localhost:3000/issuers/acme');
  });
});

describe('buildCredentialIssuerMetadata', () => {
  const configs: Record<string, CredentialConfiguration> = {
    pid: { format: 'dc+sd-jwt' },
    custom: { format: 'dc+sd-jwt', vct: 'urn:vct:custom', credential_metadata: { display: [{ name: 'Custom' }] } },
    mdl: { format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL' },
  };

  it('builds endpoints, defaults vct and always adds credential_metadata', () => {
    const md = buildCredentialIssuerMetadata({ credentialIssuer: CI, credentialConfigurations: configs, display: [{ name: 'Acme' }] });
    assert.equal(md.credential_issuer, CI);
    assert.equal(md.credential_endpoint, `${CI}/credential`);
    assert.equal(md.nonce_endpoint, `${CI}/nonce`);
    assert.equal(md.deferred_credential_endpoint, `${CI}/deferred_credential`);
    assert.equal(md.notification_endpoint, `${CI}/notification`);
    assert.deepEqual(md.display, [{ name: 'Acme' }]);
    const supported = md.credential_configurations_supported;
    assert.equal(supported['pid']?.vct, `${CI}/types/pid`);
    assert.deepEqual(supported['pid']?.credential_metadata, {});
    assert.equal(supported['custom']?.vct, 'urn:vct:custom');
    assert.deepEqual(supported['custom']?.credential_metadata, { display: [{ name: 'Custom' }] });
    assert.equal(supported['mdl']?.vct, undefined);
    assert.deepEqual(supported['mdl']?.credential_metadata, {});
    for (const absent of ['authorization_servers', 'batch_credential_issuance']) {
      assert.equal(absent in md, false, absent);
    }
    assert.equal(configs['pid']?.vct, undefined, 'input is not mutated');
  });

  it('lists authorization_servers when given (an external AS, and the issuer itself for pre-authorized offers)', () => {
    const AS = 'https://as.example/realms/acme';
    const md = buildCredentialIssuerMetadata({ credentialIssuer: CI, credentialConfigurations: {}, authorizationServers: [AS, CI] });
    assert.deepEqual(md.authorization_servers, [AS, CI]);
    assert.equal(
      'authorization_servers' in
        buildCredentialIssuerMetadata({ credentialIssuer: CI, credentialConfigurations: {}, authorizationServers: [] }),
      false,
    );
  });

  it('moves a legacy top-level display into credential_metadata', () => {
    const legacy = { format: 'dc+sd-jwt', vct: 'v', display: [{ name: 'Old' }] } as CredentialConfiguration;
    const md = buildCredentialIssuerMetadata({ credentialIssuer: CI, credentialConfigurations: { legacy } });
    assert.deepEqual(md.credential_configurations_supported['legacy']?.credential_metadata, { display: [{ name: 'Old' }] });
  });

  it('advertises batch_credential_issuance only when batchSize > 1', () => {
    assert.equal(
      buildCredentialIssuerMetadata({ credentialIssuer: CI, credentialConfigurations: configs, batchSize: 1 }).batch_credential_issuance,
      undefined,
    );
    assert.deepEqual(
      buildCredentialIssuerMetadata({ credentialIssuer: CI, credentialConfigurations: configs, batchSize: 3 }).batch_credential_issuance,
      { batch_size: 3 },
    );
  });
});

describe('buildAuthorizationServerMetadata', () => {
  it('describes a pre-authorized-only AS with anonymous access', () => {
    const md = buildAuthorizationServerMetadata({ credentialIssuer: CI });
    assert.deepEqual(md, {
      issuer: CI,
      token_endpoint: `${CI}/token`,
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
      'pre-authorized_grant_anonymous_access_supported': true,
      token_endpoint_auth_methods_supported: ['none'],
      authorization_details_types_supported: ['openid_credential'],
    });
    assert.deepEqual(
      buildAuthorizationServerMetadata({ credentialIssuer: CI, dpopSigningAlgs: ['ES256'] }).dpop_signing_alg_values_supported,
      ['ES256'],
    );
  });
});

describe('buildJwtVcIssuerMetadata', () => {
  const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' };
  it('wraps public keys', () => {
    assert.deepEqual(buildJwtVcIssuerMetadata({ credentialIssuer: CI, jwks: [jwk] }), { issuer: CI, jwks: { keys: [jwk] } });
    assert.deepEqual(buildJwtVcIssuerMetadata({ credentialIssuer: CI, jwks: { keys: [jwk] } }).jwks.keys, [jwk]);
  });
  it('refuses private keys', () => {
    assert.throws(() => buildJwtVcIssuerMetadata({ credentialIssuer: CI, jwks: [{ ...jwk, d: 'secret' }] }), { error: 'server_error' });
  });
});
