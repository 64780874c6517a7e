import { CreateDids1764360300000 } from './migrations/1764360300000-create-dids';

/** Every migration of the did-registry schema `did_registry`, oldest first: used by the service at start and by `npm run migrate`. */
export const DID_REGISTRY_MIGRATIONS = [CreateDids1764360300000];
