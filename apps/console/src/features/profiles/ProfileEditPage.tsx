import { Anchor, Breadcrumbs } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { notifySaved } from '../../api/use-api-form';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { mayEditProfiles } from './permissions';
import { bodyOf, newProfileBody } from './profile-body';
import { ProfileEditor } from './ProfileEditor';
import { profileKeys, profilesChanged, profileUrl, useIssuer, useProfile } from './profiles-api';
import type { Profile } from './types';

function Trail({ issuerId, profile }: { issuerId: string; profile?: { id: string; name: string } }) {
  return (
    <Breadcrumbs mb="xs">
      <Anchor component={Link} to={`/issuers/${encodeURIComponent(issuerId)}`} size="sm">
        {issuerId}
      </Anchor>
      <Anchor component={Link} to={profileUrl(issuerId)} size="sm">
        Profiles
      </Anchor>
      {profile && (
        <Anchor component={Link} to={profileUrl(issuerId, profile.id)} size="sm">
          {profile.name}
        </Anchor>
      )}
    </Breadcrumbs>
  );
}

function useSaved(issuerId: string, verb: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (profile: Profile) => {
    queryClient.setQueryData(profileKeys.one(issuerId, profile.profileId), profile);
    void profilesChanged(queryClient, issuerId);
    notifySaved(`Profile ${profile.name} ${verb} (version ${profile.version})`);
    navigate(profileUrl(issuerId, profile.profileId));
  };
}

const notAllowed = (issuerId: string) => (
  <EmptyState title="Not available">Creating and editing profiles needs the issuer-admin role on {issuerId}.</EmptyState>
);

/** `/issuers/:issuerId/profiles/new`. */
export function NewProfilePage() {
  const { issuerId = '' } = useParams();
  const { principal } = useAuth();
  const issuer = useIssuer(issuerId);
  const saved = useSaved(issuerId, 'created');
  return (
    <>
      <Trail issuerId={issuerId} />
      <PageHeader
        title="New profile"
        description="What the credentials of this issuer carry, how they are signed, revoked and announced."
      />
      {!mayEditProfiles(principal, issuerId) ? (
        notAllowed(issuerId)
      ) : (
        <QueryState query={issuer}>
          {(data) => {
            const configurations = Object.keys(data.credentialConfigurations);
            return configurations.length === 0 ? (
              <EmptyState title="No credential configuration yet">
                A profile issues one of the issuer’s credential configurations. Add one to {issuerId} first (Issuers → Edit).
              </EmptyState>
            ) : (
              <ProfileEditor
                issuer={data}
                initial={newProfileBody(configurations.length === 1 ? configurations[0] : '')}
                cancelTo={profileUrl(issuerId)}
                onSaved={saved}
              />
            );
          }}
        </QueryState>
      )}
    </>
  );
}

/**
 * `/issuers/:issuerId/profiles/:profileId/edit`: saving stores a new version. The form starts from the version loaded
 * first; a later refetch does not reset it (nothing typed is lost; the API stores whatever is saved as the next version).
 */
export function EditProfilePage() {
  const { issuerId = '', profileId = '' } = useParams();
  const { principal } = useAuth();
  const issuer = useIssuer(issuerId);
  const profile = useProfile(issuerId, profileId);
  const saved = useSaved(issuerId, 'saved');
  return (
    <QueryState query={profile}>
      {(current) => (
        <>
          <Trail issuerId={issuerId} profile={{ id: profileId, name: current.name }} />
          <PageHeader
            title={`Edit ${current.name}`}
            description={`Saving stores version ${current.version + 1}; offers made from version ${current.version} or earlier keep theirs.`}
          />
          {!mayEditProfiles(principal, issuerId) ? (
            notAllowed(issuerId)
          ) : current.status === 'INACTIVE' ? (
            <EmptyState title="This profile is deactivated">
              A deactivated profile cannot be edited; create a new profile instead.
            </EmptyState>
          ) : (
            <QueryState query={issuer}>
              {(data) => (
                <ProfileEditor
                  issuer={data}
                  profileId={profileId}
                  initial={bodyOf(current)}
                  cancelTo={profileUrl(issuerId, profileId)}
                  onSaved={saved}
                />
              )}
            </QueryState>
          )}
        </>
      )}
    </QueryState>
  );
}
