import type { ConsoleFeature } from '../../app/nav';

/** The keys pages of the console (being built; see apps/console/README.md). */
export const keysFeature: ConsoleFeature = { routes: [], nav: [] };
