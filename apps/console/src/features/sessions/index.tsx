import { IconActivity } from '@tabler/icons-react';
import type { ConsoleFeature } from '../../app/nav';
import { can } from '../../auth/roles';
import { SessionPage } from './SessionPage';
import { SessionsPage } from './SessionsPage';

/** Issuance sessions (API.md §7): the filterable list, and each session with its live events and credentials. */
export const sessionsFeature: ConsoleFeature = {
  routes: [
    { path: 'sessions', element: <SessionsPage /> },
    { path: 'issuers/:issuerId/sessions', element: <SessionsPage /> },
    { path: 'issuers/:issuerId/sessions/:sessionId', element: <SessionPage /> },
  ],
  nav: [
    {
      label: 'Sessions',
      to: '/sessions',
      icon: IconActivity,
      visible: (principal) => can(principal, 'viewer'),
      order: 40,
      owns: /^\/issuers\/[^/]+\/sessions(\/|$)/,
    },
  ],
};
