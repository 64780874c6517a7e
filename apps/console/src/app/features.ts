import { dashboardFeature } from '../features/dashboard';
import { issuersFeature } from '../features/issuers';
import { keysFeature } from '../features/keys';
import { offersFeature } from '../features/offers';
import { profilesFeature } from '../features/profiles';
import { sessionsFeature } from '../features/sessions';
import { settingsFeature } from '../features/settings';
import type { ConsoleFeature } from './nav';

/** Every feature folder of the console; each owns its routes and navigation entries. */
export const FEATURES: ConsoleFeature[] = [
  dashboardFeature,
  issuersFeature,
  profilesFeature,
  offersFeature,
  sessionsFeature,
  keysFeature,
  settingsFeature,
];
