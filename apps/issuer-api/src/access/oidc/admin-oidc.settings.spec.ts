import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@issuer/platform';
import { loadIssuerApiConfig } from '../../issuer-api.config';

const BASE = { ADMIN_API_KEYS: 'adm_0123456789abcdef' };

/** The boot error's lines, `VARIABLE: message`. */
function refusal(env: Record<string, string>): string[] {
  try {
    loadIssuerApiConfig({ ...BASE, ...env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems.map((p) => `${p.variable}: ${p.message}`);
  }
  return assert.fail('the configuration was accepted');
}

describe('admin single sign-on settings (ADMIN_OIDC_*)', () => {
  it('are off without ADMIN_OIDC_ISSUER', () => {
    assert.equal(loadIssuerApiConfig(BASE).adminOidc, undefined);
    assert.equal(loadIssuerApiConfig({ ...BASE, ADMIN_OIDC_ISSUER: '' }).adminOidc, undefined, 'an empty variable is unset');
  });

  it('read the issuer and audience as given, the claims as dot paths (defaults roles and issuers)', () => {
    const issuer = 'https://keycloak.example/realms/acme';
    assert.deepEqual(loadIssuerApiConfig({ ...BASE, ADMIN_OIDC_ISSUER: issuer, ADMIN_OIDC_AUDIENCE: 'issuer-admin-api' }).adminOidc, {
      issuer,
      audience: 'issuer-admin-api',
      rolesClaim: ['roles'],
      issuersClaim: ['issuers'],
    });
    const keycloak = loadIssuerApiConfig({
      ...BASE,
      ADMIN_OIDC_ISSUER: `${issuer}/`,
      ADMIN_OIDC_AUDIENCE: 'issuer-admin-api',
      ADMIN_OIDC_ROLES_CLAIM: 'realm_access.roles',
      ADMIN_OIDC_ISSUERS_CLAIM: 'issuer_platform.issuers',
    }).adminOidc;
    assert.equal(keycloak?.issuer, `${issuer}/`, 'not normalised: compared exactly with iss');
    assert.deepEqual(keycloak?.rolesClaim, ['realm_access', 'roles']);
    assert.deepEqual(keycloak?.issuersClaim, ['issuer_platform', 'issuers']);
  });

  it('refuse at boot, naming the variable: an issuer without audience, an audience without issuer', () => {
    assert.deepEqual(refusal({ ADMIN_OIDC_ISSUER: 'https://idp.example' }), [
      'ADMIN_OIDC_AUDIENCE: is required when ADMIN_OIDC_ISSUER is set',
    ]);
    assert.deepEqual(refusal({ ADMIN_OIDC_AUDIENCE: 'issuer-admin-api' }), [
      'ADMIN_OIDC_AUDIENCE: is set but ADMIN_OIDC_ISSUER is not (single sign-on stays off)',
    ]);
  });

  it('refuse an issuer that is no http(s) URL, or carries a query, fragment or user info', () => {
    for (const issuer of [
      'keycloak.example/realms/acme',
      'ftp://idp.example',
      'https://idp.example/?realm=a',
      'https://idp.example/#a',
      'https://u:p@idp.example',
    ])
      assert.match(
        refusal({ ADMIN_OIDC_ISSUER: issuer, ADMIN_OIDC_AUDIENCE: 'a' }).join(),
        /^ADMIN_OIDC_ISSUER: must be an http\(s\) URL/,
        issuer,
      );
  });

  it('allow http only for a host of OUTBOUND_ALLOWED_HOSTS', () => {
    const env = { ADMIN_OIDC_ISSUER: 'http://127.0.0.1:8080/realms/acme', ADMIN_OIDC_AUDIENCE: 'a' };
    assert.deepEqual(refusal(env), [
      'ADMIN_OIDC_ISSUER: must be https (http only for a host in OUTBOUND_ALLOWED_HOSTS, and 127.0.0.1 is not)',
    ]);
    assert.equal(loadIssuerApiConfig({ ...BASE, ...env, OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' }).adminOidc?.issuer, env.ADMIN_OIDC_ISSUER);
    assert.equal(loadIssuerApiConfig({ ...BASE, ...env, OUTBOUND_ALLOWED_HOSTS: '127.0.0.0/8' }).adminOidc?.issuer, env.ADMIN_OIDC_ISSUER);
  });

  it('refuse claim paths with empty names or spaces', () => {
    const env = { ADMIN_OIDC_ISSUER: 'https://idp.example', ADMIN_OIDC_AUDIENCE: 'a' };
    for (const path of ['realm_access..roles', '.roles', 'roles.', 'realm access.roles'])
      assert.deepEqual(refusal({ ...env, ADMIN_OIDC_ROLES_CLAIM: path }), [
        'ADMIN_OIDC_ROLES_CLAIM: must be a claim name or a dot path of claim names, like realm_access.roles',
      ]);
    assert.match(refusal({ ...env, ADMIN_OIDC_ISSUERS_CLAIM: 'a..b' }).join(), /^ADMIN_OIDC_ISSUERS_CLAIM: /);
  });
});
