import type { ConsoleFeature } from '../../app/nav';

/** The sessions pages of the console (being built; see apps/console/README.md). */
export const sessionsFeature: ConsoleFeature = { routes: [], nav: [] };
