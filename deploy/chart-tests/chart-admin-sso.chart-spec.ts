import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullName, named, render, renderError, type Manifest } from './render-chart';
import { containerEnv } from './service-env';

interface EgressRule {
  to?: Record<string, unknown>[];
  ports?: { port: number | string; protocol: string }[];
}

const SSO = {
  'issuerApi.adminSso.issuer': 'https://keycloak.example.com/realms/acme',
  'issuerApi.adminSso.audience': 'issuer-admin-api',
};
const KEYCLOAK_NAMESPACE = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keycloak' } } };

/** The ADMIN_OIDC_* variables issuer-api's container gets. */
function ssoEnv(manifests: Manifest[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, source] of containerEnv(manifests, 'issuer-api').variables)
    if (name.startsWith('ADMIN_OIDC_') && source.from !== 'secret') env[name] = source.value;
  return env;
}

/** The egress rules of issuer-api's NetworkPolicy besides DNS, PostgreSQL, NATS and the internet at large (ipBlock). */
function ssoEgress(manifests: Manifest[]): EgressRule[] {
  const egress = named(manifests, 'NetworkPolicy', fullName('issuer-api')).spec.egress as EgressRule[];
  return egress.filter(
    (rule) => !rule.to?.some((peer) => 'ipBlock' in peer) && !rule.ports?.some((p) => [53, 5432, 4222].includes(Number(p.port))),
  );
}

describe('helm chart: single sign-on for the admin API (issuerApi.adminSso)', () => {
  it('is off by default: no ADMIN_OIDC_* variable, no egress rule for a provider', () => {
    assert.deepEqual(ssoEnv(render('default')), {});
    assert.deepEqual(ssoEgress(render('ha')), []);
  });

  it('renders the settings into issuer-api ConfigMap (scenario external), leaving unset claims to the service defaults', () => {
    assert.deepEqual(ssoEnv(render('external')), {
      ADMIN_OIDC_ISSUER: 'https://keycloak.example.com/realms/acme',
      ADMIN_OIDC_AUDIENCE: 'issuer-admin-api',
      ADMIN_OIDC_ROLES_CLAIM: 'realm_access.roles',
      ADMIN_OIDC_ISSUERS_CLAIM: 'issuers',
      ADMIN_OIDC_CONSOLE_CLIENT_ID: 'issuer-console',
      ADMIN_OIDC_CONSOLE_SCOPE: 'openid profile',
      ADMIN_OIDC_CONSOLE_NAME: 'Keycloak',
    });
    assert.deepEqual(ssoEnv(render('default', SSO)), {
      ADMIN_OIDC_ISSUER: SSO['issuerApi.adminSso.issuer'],
      ADMIN_OIDC_AUDIENCE: SSO['issuerApi.adminSso.audience'],
    });
  });

  it("passes the console's public client to issuer-api, so the console offers sign-in at the provider", () => {
    const env = ssoEnv(
      render('default', {
        ...SSO,
        'issuerApi.adminSso.consoleClientId': 'issuer-console',
        'issuerApi.adminSso.consoleScope': 'openid profile',
        'issuerApi.adminSso.consoleName': 'Keycloak',
      }),
    );
    assert.equal(env.ADMIN_OIDC_CONSOLE_CLIENT_ID, 'issuer-console');
    assert.equal(env.ADMIN_OIDC_CONSOLE_SCOPE, 'openid profile');
    assert.equal(env.ADMIN_OIDC_CONSOLE_NAME, 'Keycloak');
    assert.equal(ssoEnv(render('default', SSO)).ADMIN_OIDC_CONSOLE_CLIENT_ID, undefined);
  });

  it('lets issuer-api reach the provider under its NetworkPolicy: the peers given, or any destination on the ports', () => {
    assert.deepEqual(ssoEgress(render('external')), [{ ports: [{ port: 443, protocol: 'TCP' }], to: [KEYCLOAK_NAMESPACE] }]);
    assert.deepEqual(ssoEgress(render('ha', SSO)), [{ ports: [{ port: 443, protocol: 'TCP' }] }]);
    assert.deepEqual(ssoEgress(render('ha', { ...SSO, 'issuerApi.adminSso.networkPolicyPorts[0]': 8443 })), [
      { ports: [{ port: 8443, protocol: 'TCP' }] },
    ]);
    // Only issuer-api calls the provider.
    const manifests = render('external');
    for (const service of ['kms', 'did-registry', 'notifications'])
      assert.ok(!JSON.stringify(named(manifests, 'NetworkPolicy', fullName(service)).spec.egress).includes('keycloak'), service);
  });

  it('refuses, naming the value, what issuer-api would refuse at boot', () => {
    assert.match(
      renderError('default', { 'issuerApi.adminSso.issuer': SSO['issuerApi.adminSso.issuer'] }),
      /issuerApi\.adminSso\.audience is required when issuerApi\.adminSso\.issuer is set/,
    );
    assert.match(renderError('default', { ...SSO, 'issuerApi.adminSso.issuer': 'keycloak.example.com' }), /issuerApi\.adminSso\.issuer/);
    assert.match(
      renderError('default', { ...SSO, 'issuerApi.adminSso.rolesClaim': 'realm_access..roles' }),
      /issuerApi\.adminSso\.rolesClaim/,
    );
    assert.match(renderError('default', { ...SSO, 'issuerApi.adminSso.issuersClaim': 'my issuers' }), /issuerApi\.adminSso\.issuersClaim/);
    assert.match(
      renderError('default', { ...SSO, 'issuerApi.adminSso.networkPolicyPorts[0]': 0 }),
      /issuerApi\.adminSso\.networkPolicyPorts/,
    );
  });
});
