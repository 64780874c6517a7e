import type { ConsoleFeature } from '../../app/nav';

/** The profiles pages of the console (being built; see apps/console/README.md). */
export const profilesFeature: ConsoleFeature = { routes: [], nav: [] };
