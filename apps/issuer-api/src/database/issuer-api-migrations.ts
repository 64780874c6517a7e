import { CreateIssuerApi1764360100000 } from './migrations/1764360100000-create-issuer-api';
import { TuneEventsAutovacuum1764360200000 } from './migrations/1764360200000-tune-events-autovacuum';
import { WebhookSecretsAndRetention1764362000000 } from './migrations/1764362000000-webhook-secrets-and-retention';
import { DeletedKeys1764900000000 } from './migrations/1764900000000-deleted-keys';
import { AuthorizationCodeFlow1765000000000 } from './migrations/1765000000000-authorization-code-flow';
import { DeferredTransactions1765100000000 } from './migrations/1765100000000-deferred-transactions';
import { PasswordUsers1765200000000 } from './migrations/1765200000000-password-users';
import { ExternalAsTokens1765300000000 } from './migrations/1765300000000-external-as-tokens';
import { ApiKeys1765400000000 } from './migrations/1765400000000-api-keys';
import { ResourceOwners1765410000000 } from './migrations/1765410000000-resource-owners';
import { RateLimits1765500000000 } from './migrations/1765500000000-rate-limits';
import { AuditLog1765600000000 } from './migrations/1765600000000-audit-log';
import { OutboxHighWaterMark1765700000000 } from './migrations/1765700000000-outbox-high-water-mark';
import { HotSessionUpdates1766100000000 } from './migrations/1766100000000-hot-session-updates';
import { SharedSessionSnapshots1766300000000 } from './migrations/1766300000000-shared-session-snapshots';
import { AuditOutboxIndexes1766600000000 } from './migrations/1766600000000-audit-outbox-indexes';

/** Every migration of the issuer-api schema `issuer_api`, oldest first: used by the service at start and by `npm run migrate`. */
export const ISSUER_API_MIGRATIONS = [
  CreateIssuerApi1764360100000,
  TuneEventsAutovacuum1764360200000,
  WebhookSecretsAndRetention1764362000000,
  DeletedKeys1764900000000,
  AuthorizationCodeFlow1765000000000,
  DeferredTransactions1765100000000,
  PasswordUsers1765200000000,
  ExternalAsTokens1765300000000,
  ApiKeys1765400000000,
  ResourceOwners1765410000000,
  RateLimits1765500000000,
  AuditLog1765600000000,
  OutboxHighWaterMark1765700000000,
  HotSessionUpdates1766100000000,
  SharedSessionSnapshots1766300000000,
  AuditOutboxIndexes1766600000000,
];
