import { serviceDatabaseProvider } from '@issuer/platform';
import { ISSUER_API_MIGRATIONS } from './issuer-api-migrations';

/** Injection token of the issuer_api schema's database. */
export const ISSUER_API_DB = Symbol('ISSUER_API_DB');

export const issuerApiDatabaseProvider = serviceDatabaseProvider(ISSUER_API_DB, {
  schema: 'issuer_api',
  entities: [],
  migrations: ISSUER_API_MIGRATIONS,
});
