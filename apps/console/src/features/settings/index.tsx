import { IconHistory, IconKey, IconTrash } from '@tabler/icons-react';
import type { ConsoleFeature } from '../../app/nav';
import { can, canOnPlatform } from '../../auth/roles';
import { ApiKeysPage } from './ApiKeysPage';
import { AuditPage } from './AuditPage';
import { RetentionPage } from './RetentionPage';

/** Deployment settings: data retention and API keys (platform-admin), the audit log (platform-admin, issuer-admin). */
export const settingsFeature: ConsoleFeature = {
  routes: [
    { path: 'retention', element: <RetentionPage /> },
    { path: 'api-keys', element: <ApiKeysPage /> },
    { path: 'audit', element: <AuditPage /> },
  ],
  nav: [
    { label: 'Retention', to: '/retention', icon: IconTrash, visible: (p) => canOnPlatform(p, 'platform-admin'), order: 60 },
    { label: 'API keys', to: '/api-keys', icon: IconKey, visible: (p) => canOnPlatform(p, 'platform-admin'), order: 70 },
    { label: 'Audit log', to: '/audit', icon: IconHistory, visible: (p) => can(p, 'issuer-admin'), order: 80 },
  ],
};
