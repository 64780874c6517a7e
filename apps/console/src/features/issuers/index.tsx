import { IconBuildingBank } from '@tabler/icons-react';
import type { ConsoleFeature } from '../../app/nav';
import { EditIssuerPage, NewIssuerPage } from './IssuerEditPage';
import { IssuerPage } from './IssuerPage';
import { IssuersListPage } from './IssuersListPage';

/**
 * The issuers area: list, create and edit (form and JSON), one issuer's overview, credential configurations, wallet
 * preview, webhook secret and password-login users. Profiles and sessions of an issuer are other features' pages.
 */
export const issuersFeature: ConsoleFeature = {
  routes: [
    { path: 'issuers', element: <IssuersListPage /> },
    { path: 'issuers/new', element: <NewIssuerPage /> },
    { path: 'issuers/:issuerId', element: <IssuerPage tab="overview" /> },
    { path: 'issuers/:issuerId/edit', element: <EditIssuerPage /> },
    { path: 'issuers/:issuerId/configurations', element: <IssuerPage tab="configurations" /> },
    { path: 'issuers/:issuerId/preview', element: <IssuerPage tab="preview" /> },
    { path: 'issuers/:issuerId/webhook-secret', element: <IssuerPage tab="webhook-secret" /> },
    { path: 'issuers/:issuerId/users', element: <IssuerPage tab="users" /> },
  ],
  nav: [{ label: 'Issuers', to: '/issuers', icon: IconBuildingBank, visible: () => true, order: 10 }],
};
