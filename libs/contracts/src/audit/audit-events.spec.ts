import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIT_EVENTS_SUBJECT_ROOT, auditSubject } from './audit-events';

describe('audit subjects', () => {
  it('are audit.events.v1.<issuerId | platform>.<action>, the action keeping its dots', () => {
    assert.equal(auditSubject('acme', 'issuer.create'), `${AUDIT_EVENTS_SUBJECT_ROOT}.acme.issuer.create`);
    assert.equal(auditSubject(undefined, 'api-key.revoke'), 'audit.events.v1.platform.api-key.revoke');
    assert.equal(auditSubject('acme', 'credential.status.change'), 'audit.events.v1.acme.credential.status.change');
  });

  it('never let an id add tokens or wildcards', () => {
    assert.equal(auditSubject('a.b*c>d e', 'x.y'), 'audit.events.v1.a_b_c_d_e.x.y');
  });
});
