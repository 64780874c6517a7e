import { IconFileCertificate } from '@tabler/icons-react';
import type { ConsoleFeature } from '../../app/nav';
import { EditProfilePage, NewProfilePage } from './ProfileEditPage';
import { ProfilePage } from './ProfilePage';
import { ProfilesListPage } from './ProfilesListPage';
import { ProfilesStartPage } from './ProfilesStartPage';

/**
 * The profiles area (API.md §5): profiles across issuers and of one issuer, create and edit (form and JSON, kept in
 * sync), a profile's summary, versions and data functions preview, and deactivation. Offers are the offers area's.
 */
export const profilesFeature: ConsoleFeature = {
  routes: [
    { path: 'profiles', element: <ProfilesStartPage /> },
    { path: 'issuers/:issuerId/profiles', element: <ProfilesListPage /> },
    { path: 'issuers/:issuerId/profiles/new', element: <NewProfilePage /> },
    { path: 'issuers/:issuerId/profiles/:profileId', element: <ProfilePage /> },
    { path: 'issuers/:issuerId/profiles/:profileId/edit', element: <EditProfilePage /> },
  ],
  nav: [
    {
      label: 'Profiles',
      to: '/profiles',
      icon: IconFileCertificate,
      visible: () => true,
      order: 20,
      owns: /^\/issuers\/[^/]+\/profiles(\/|$)/,
    },
  ],
};
