import type { ConsoleFeature } from '../../app/nav';

/** The settings pages of the console (being built; see apps/console/README.md). */
export const settingsFeature: ConsoleFeature = { routes: [], nav: [] };
