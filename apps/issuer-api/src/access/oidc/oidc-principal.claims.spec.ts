import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '@issuer/platform';
import type { AdminOidcSettings } from './admin-oidc.settings';
import { claimAt, issuersIn, oidcPrincipal, rolesIn } from './oidc-principal.claims';

const KEYCLOAK: AdminOidcSettings = {
  issuer: 'https://keycloak.example/realms/acme',
  audience: 'issuer-admin-api',
  rolesClaim: ['realm_access', 'roles'],
  issuersClaim: ['issuers'],
};

function refusal(claims: Record<string, unknown>, settings = KEYCLOAK): string {
  try {
    oidcPrincipal(claims, settings);
  } catch (error) {
    assert.ok(error instanceof AppError);
    return `${error.status} ${error.message}`;
  }
  return assert.fail('a principal was made');
}

describe('admin SSO claims', () => {
  it('claimAt follows a dot path through objects, own members only', () => {
    const claims = { realm_access: { roles: ['viewer'] }, roles: 'x', list: [{ a: 1 }] };
    assert.deepEqual(claimAt(claims, ['realm_access', 'roles']), ['viewer']);
    assert.equal(claimAt(claims, ['roles']), 'x');
    assert.equal(claimAt(claims, ['realm_access', 'missing']), undefined);
    assert.equal(claimAt(claims, ['roles', 'length']), undefined, 'no members of strings');
    assert.equal(claimAt(claims, ['list', '0']), undefined, 'no array indexes');
    assert.equal(claimAt(claims, ['constructor', 'name']), undefined, 'no inherited members');
    assert.equal(claimAt(claims, ['__proto__']), undefined);
  });

  it('rolesIn keeps the platform roles, ignores the others, takes one string as one role', () => {
    assert.deepEqual(rolesIn(['offline_access', 'viewer', 'default-roles-acme', 'issuer-admin', 'viewer', 'Viewer']), [
      'issuer-admin',
      'viewer',
    ]);
    assert.deepEqual(rolesIn('status-manager'), ['status-manager']);
    assert.deepEqual(rolesIn('viewer issuer-admin'), [], 'not a space-separated list');
    assert.deepEqual(rolesIn([1, null, { role: 'viewer' }]), []);
    assert.deepEqual(rolesIn(undefined), []);
  });

  it('issuersIn: "*" means every issuer; ids are deduplicated and malformed ones dropped', () => {
    assert.equal(issuersIn('*'), '*');
    assert.equal(issuersIn(['acme', '*']), '*');
    assert.deepEqual(issuersIn(['acme', 'diploma', 'acme', 'Not An Id!', 7]), ['acme', 'diploma']);
    assert.deepEqual(issuersIn('acme'), ['acme']);
    assert.deepEqual(issuersIn(undefined), []);
  });

  it('makes an oidc principal named by sub, with roles and issuers from the claims and expiresAt from exp', () => {
    const principal = oidcPrincipal(
      { sub: 'f3c1-user', exp: 1_900_000_000, realm_access: { roles: ['viewer', 'offline_access'] }, issuers: ['acme'] },
      KEYCLOAK,
    );
    assert.deepEqual(principal, {
      type: 'oidc',
      id: 'f3c1-user',
      roles: ['viewer'],
      issuers: ['acme'],
      expiresAt: new Date(1_900_000_000_000),
    });
  });

  it('gives platform-admin every issuer, whatever the issuers claim says', () => {
    const principal = oidcPrincipal({ sub: 'root', exp: 1, realm_access: { roles: ['platform-admin'] } }, KEYCLOAK);
    assert.equal(principal.issuers, '*');
  });

  it('refuses a token without platform roles with 403 naming the claim, and one without a usable sub with 401', () => {
    assert.equal(
      refusal({ sub: 'someone', realm_access: { roles: ['offline_access'] } }),
      '403 The access token names none of the platform roles (platform-admin, issuer-admin, offer-manager, status-manager, viewer) in its realm_access.roles claim',
    );
    assert.match(refusal({ sub: 'someone', roles: ['viewer'] }), /^403 .* in its realm_access\.roles claim$/, 'roles read elsewhere');
    assert.match(refusal({ realm_access: { roles: ['viewer'] } }), /^401 .*sub/);
    assert.match(refusal({ sub: 'x'.repeat(256), realm_access: { roles: ['viewer'] } }), /^401 .*sub/);
  });
});
