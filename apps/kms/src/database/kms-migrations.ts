import { CreateKeys1764360000000 } from './migrations/1764360000000-create-keys';
import { KeyLifecycle1764360400000 } from './migrations/1764360400000-key-lifecycle';
import { CreateCertificates1764360800000 } from './migrations/1764360800000-create-certificates';
import { OutboxHighWaterMark1765700000000 } from './migrations/1765700000000-outbox-high-water-mark';

/** Every migration of the kms schema `kms`, oldest first: used by the service at start and by `npm run migrate`. */
export const KMS_MIGRATIONS = [
  CreateKeys1764360000000,
  KeyLifecycle1764360400000,
  CreateCertificates1764360800000,
  OutboxHighWaterMark1765700000000,
];
