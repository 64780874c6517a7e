import { IconQrcode } from '@tabler/icons-react';
import type { ConsoleFeature } from '../../app/nav';
import { can } from '../../auth/roles';
import { BatchOffersPage } from './BatchOffersPage';
import { CreateOfferPage } from './CreateOfferPage';
import { OffersStartPage } from './OffersStartPage';

/** Credential offers (API.md §6): one with its QR code, or a batch from a CSV file with a printable sheet. */
export const offersFeature: ConsoleFeature = {
  routes: [
    { path: 'offers', element: <OffersStartPage /> },
    { path: 'issuers/:issuerId/profiles/:profileId/offers/new', element: <CreateOfferPage /> },
    { path: 'issuers/:issuerId/profiles/:profileId/offers/batch', element: <BatchOffersPage /> },
  ],
  nav: [
    {
      label: 'Offers',
      to: '/offers',
      icon: IconQrcode,
      visible: (principal) => can(principal, 'offer-manager'),
      order: 30,
      owns: /^\/issuers\/[^/]+\/profiles\/[^/]+\/offers(\/|$)/,
    },
  ],
};
