import { IconCertificate, IconId, IconKey } from '@tabler/icons-react';
import type { ConsoleFeature } from '../../app/nav';
import { CertificatePage } from './CertificatePage';
import { CertificatesPage } from './CertificatesPage';
import { DidsPage } from './DidsPage';
import { KeyPage } from './KeyPage';
import { KeysPage } from './KeysPage';

/**
 * Keys, DIDs and certificates: kms keys (create, import, disable/enable, delete, what uses them), the DIDs made from
 * them (create, resolve, delete) and X.509 certificates (create, import PEM, view). Every signed-in role reads them
 * (within its scope); changes need issuer-admin on the owner, or platform-admin for the platform's.
 */
export const keysFeature: ConsoleFeature = {
  routes: [
    { path: 'keys', element: <KeysPage /> },
    { path: 'keys/:keyId', element: <KeyPage /> },
    { path: 'dids', element: <DidsPage /> },
    { path: 'certificates', element: <CertificatesPage /> },
    { path: 'certificates/:certificateId', element: <CertificatePage /> },
  ],
  nav: [
    { label: 'Keys', to: '/keys', icon: IconKey, visible: () => true, order: 50 },
    { label: 'DIDs', to: '/dids', icon: IconId, visible: () => true, order: 51 },
    { label: 'Certificates', to: '/certificates', icon: IconCertificate, visible: () => true, order: 52 },
  ],
};
