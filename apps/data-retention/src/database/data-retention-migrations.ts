import { CreateRetention1764362200000 } from './migrations/1764362200000-create-retention';

/** Every migration of the data-retention schema `data_retention`, oldest first: used by the service at start and by `npm run migrate`. */
export const DATA_RETENTION_MIGRATIONS = [CreateRetention1764362200000];
