import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditRecord } from '@issuer/contracts';
import { auditInsertSql, toAuditRecord, type AuditRow } from './audit-sql';

const record: AuditRecord = {
  auditId: '0b8a3a52-6c43-4b1f-9d0e-6a1c2f3e4d5b',
  at: '2026-01-02T03:04:05.678Z',
  actor: { type: 'api-key', id: '5f0e' },
  action: 'credential.status.change',
  target: { type: 'credential', id: 'cred-1' },
  outcome: 'denied',
  issuerId: 'acme',
  requestId: 'req-1',
  address: '10.0.0.1',
};

describe('audit statement', () => {
  it('appends the record and its AUDIT_EVENTS outbox row in one statement, once per auditId', () => {
    const { text, values } = auditInsertSql(record);
    assert.match(text, /ON CONFLICT \(audit_id\) DO NOTHING RETURNING audit_id/);
    assert.match(text, /INSERT INTO issuer_api\.audit_outbox .* FROM a$/s);
    assert.equal(values[11], 'audit.events.v1.acme.credential.status.change');
    assert.deepEqual(JSON.parse(values[12] as string), record, 'the published payload is the record itself');
  });

  it('publishes deployment-wide records under "platform"', () => {
    const { values } = auditInsertSql({ ...record, issuerId: undefined, action: 'api-key.create' });
    assert.equal(values[8], null);
    assert.equal(values[11], 'audit.events.v1.platform.api-key.create');
  });

  it('reads a row back as the record it stored', () => {
    const row: AuditRow = {
      seq: '7',
      audit_id: record.auditId,
      at: new Date(record.at),
      actor_type: 'api-key',
      actor_id: '5f0e',
      action: record.action,
      target_type: 'credential',
      target_id: 'cred-1',
      outcome: 'denied',
      issuer_id: 'acme',
      request_id: 'req-1',
      address: '10.0.0.1',
    };
    assert.deepEqual(toAuditRecord(row), record);
    const platform = toAuditRecord({ ...row, issuer_id: null, target_id: null });
    assert.equal('issuerId' in platform, false);
    assert.deepEqual(platform.target, { type: 'credential' });
  });
});
