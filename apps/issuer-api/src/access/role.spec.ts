import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grants, ROLES, type Role } from './role';

describe('roles', () => {
  it('implies as documented: platform-admin everything, issuer-admin the issuer roles, every role viewer', () => {
    const table: Record<Role, Role[]> = {
      'platform-admin': [...ROLES],
      'issuer-admin': ['issuer-admin', 'offer-manager', 'status-manager', 'viewer'],
      'offer-manager': ['offer-manager', 'viewer'],
      'status-manager': ['status-manager', 'viewer'],
      viewer: ['viewer'],
    };
    for (const held of ROLES)
      for (const required of ROLES) assert.equal(grants([held], required), table[held].includes(required), `${held} → ${required}`);
  });

  it('combines roles held together, and grants nothing without a role', () => {
    assert.ok(grants(['offer-manager', 'status-manager'], 'status-manager'));
    assert.ok(!grants(['offer-manager', 'status-manager'], 'issuer-admin'));
    assert.ok(!grants([], 'viewer'));
  });
});
