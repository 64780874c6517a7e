import type { ConsoleFeature } from '../../app/nav';

/** The offers pages of the console (being built; see apps/console/README.md). */
export const offersFeature: ConsoleFeature = { routes: [], nav: [] };
