import { CreateStatusLists1764361000000 } from './migrations/1764361000000-create-status-lists';
import { EntryPerPurpose1764363000000 } from './migrations/1764363000000-entry-per-purpose';
import { StatusListCwt1764363100000 } from './migrations/1764363100000-status-list-cwt';
import { EntryRevisions1765100000000 } from './migrations/1765100000000-entry-revisions';
import { ListStatuses1766000000000 } from './migrations/1766000000000-list-statuses';
import { StatusChunks1766500000000 } from './migrations/1766500000000-status-chunks';

/** Every migration of the status-list schema `status_list`, oldest first: used by the service at start and by `npm run migrate`. */
export const STATUS_LIST_MIGRATIONS = [
  CreateStatusLists1764361000000,
  EntryPerPurpose1764363000000,
  StatusListCwt1764363100000,
  EntryRevisions1765100000000,
  ListStatuses1766000000000,
  StatusChunks1766500000000,
];
