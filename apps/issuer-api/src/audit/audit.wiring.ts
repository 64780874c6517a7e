import type { Provider, Type } from '@nestjs/common';
import { AUDIT_CONFIG, loadAuditConfig } from './audit.config';
import { AuditController } from './audit.controller';
import { AuditEventsRelay } from './audit-events.relay';
import { AuditRepository } from './audit.repository';
import { AuditRetentionSweeper } from './audit-retention.sweeper';
import { AuditTrail } from './audit-trail';

/** The audit log of admin changes (API.md §13): its records, their reader, their stream and their retention. */
export const AUDIT_CONTROLLERS: Type[] = [AuditController];

export const AUDIT_PROVIDERS: Provider[] = [
  { provide: AUDIT_CONFIG, useFactory: () => loadAuditConfig() },
  AuditRepository,
  AuditEventsRelay,
  AuditTrail,
  AuditRetentionSweeper,
];
