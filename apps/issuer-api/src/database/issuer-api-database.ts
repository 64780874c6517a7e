import { serviceDatabaseProvider } from '@issuer/platform';
import { CreateIssuerApi1764360100000 } from './migrations/1764360100000-create-issuer-api';
import { TuneEventsAutovacuum1764360200000 } from './migrations/1764360200000-tune-events-autovacuum';
import { WebhookSecretsAndRetention1764362000000 } from './migrations/1764362000000-webhook-secrets-and-retention';

/** Injection token of the issuer_api schema's database. */
export const ISSUER_API_DB = Symbol('ISSUER_API_DB');

export const issuerApiDatabaseProvider = serviceDatabaseProvider(ISSUER_API_DB, {
  schema: 'issuer_api',
  entities: [],
  migrations: [CreateIssuerApi1764360100000, TuneEventsAutovacuum1764360200000, WebhookSecretsAndRetention1764362000000],
});
