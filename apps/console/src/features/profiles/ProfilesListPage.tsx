import { Anchor, Breadcrumbs, Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { mayEditProfiles } from './permissions';
import { issuerLabel } from './profile-labels';
import { profileUrl, useIssuer, useProfiles } from './profiles-api';
import { ProfilesTable } from './ProfilesTable';

/** `/issuers/:issuerId/profiles`: the issuer's profiles, and the way to a new one for those who may create it. */
export function ProfilesListPage() {
  const { issuerId = '' } = useParams();
  const { principal } = useAuth();
  const issuer = useIssuer(issuerId);
  const profiles = useProfiles(issuerId);
  const canCreate = mayEditProfiles(principal, issuerId);
  const newButton = canCreate && (
    <Button component={Link} to={profileUrl(issuerId, undefined, '/new')} leftSection={<IconPlus size={16} />}>
      New profile
    </Button>
  );
  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to="/profiles" size="sm">
          Profiles
        </Anchor>
        <Anchor component={Link} to={`/issuers/${encodeURIComponent(issuerId)}`} size="sm">
          {issuerId}
        </Anchor>
      </Breadcrumbs>
      <PageHeader
        title={`Profiles of ${issuer.data ? issuerLabel(issuer.data) : issuerId}`}
        description="A profile says what a credential carries and how it is signed, revoked and announced; offers are made from profiles."
        actions={newButton}
      />
      <QueryState query={profiles}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title="No profiles yet" action={newButton || undefined}>
              {canCreate
                ? 'Create a profile to start issuing: pick a credential configuration and a signing key, and fill in the credential data.'
                : 'Create a profile to start issuing — this needs the issuer-admin role on this issuer; ask an administrator.'}
            </EmptyState>
          ) : (
            <ProfilesTable profiles={items} issuers={{ [issuerId]: issuer.data }} />
          )
        }
      </QueryState>
    </>
  );
}
