import type { ConsoleFeature } from '../../app/nav';

/** The issuers pages of the console (being built; see apps/console/README.md). */
export const issuersFeature: ConsoleFeature = { routes: [], nav: [] };
