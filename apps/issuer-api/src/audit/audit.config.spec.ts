import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAuditConfig } from './audit.config';

describe('AUDIT_RETENTION_DAYS', () => {
  it('defaults to 365 days (also when set empty)', () => {
    assert.equal(loadAuditConfig({}).retentionDays, 365);
    assert.equal(loadAuditConfig({ AUDIT_RETENTION_DAYS: '' }).retentionDays, 365);
  });

  it('takes whole days from 1 to 36500', () => {
    assert.equal(loadAuditConfig({ AUDIT_RETENTION_DAYS: '1' }).retentionDays, 1);
    assert.equal(loadAuditConfig({ AUDIT_RETENTION_DAYS: '2555' }).retentionDays, 2555);
  });

  it('stops the boot naming the variable for anything else (the database keeps a day anyway)', () => {
    for (const value of ['0', '-5', '1.5', 'a year', '36501'])
      assert.throws(() => loadAuditConfig({ AUDIT_RETENTION_DAYS: value }), /AUDIT_RETENTION_DAYS: /, value);
  });
});
