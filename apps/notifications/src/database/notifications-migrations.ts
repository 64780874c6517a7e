import { CreateDeliveries1764362100000 } from './migrations/1764362100000-create-deliveries';

/** Every migration of the notifications schema `notifications`, oldest first: used by the service at start and by `npm run migrate`. */
export const NOTIFICATIONS_MIGRATIONS = [CreateDeliveries1764362100000];
