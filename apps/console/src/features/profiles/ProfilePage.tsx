import { Anchor, Breadcrumbs, Button, Tabs } from '@mantine/core';
import { IconEdit, IconQrcode } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { DeactivateProfileButton } from './DeactivateProfileButton';
import { mayEditProfiles, mayOffer } from './permissions';
import { PreviewPanel } from './PreviewPanel';
import { ProfileSummary } from './ProfileSummary';
import { profileUrl, useIssuer, useProfile } from './profiles-api';
import { VersionsPanel } from './VersionsPanel';

const TABS = ['summary', 'versions', 'preview'] as const;
type Tab = (typeof TABS)[number];

/**
 * `/issuers/:issuerId/profiles/:profileId[?tab=versions|preview]`: the current version at a glance, every stored
 * version, and the data functions preview; the actions the principal's roles allow (offer, edit, deactivate).
 */
export function ProfilePage() {
  const { issuerId = '', profileId = '' } = useParams();
  const { principal } = useAuth();
  const [params, setParams] = useSearchParams();
  const profile = useProfile(issuerId, profileId);
  const issuer = useIssuer(issuerId);
  const canEdit = mayEditProfiles(principal, issuerId);
  const canOffer = mayOffer(principal, issuerId);
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) && (asked !== 'preview' || canOffer) ? asked : 'summary';

  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to={`/issuers/${encodeURIComponent(issuerId)}`} size="sm">
          {issuerId}
        </Anchor>
        <Anchor component={Link} to={profileUrl(issuerId)} size="sm">
          Profiles
        </Anchor>
      </Breadcrumbs>
      <QueryState query={profile}>
        {(data) => {
          const active = data.status === 'ACTIVE';
          return (
            <>
              <PageHeader
                title={data.name}
                description={`Profile ${data.profileId} of ${issuerId} · version ${data.version}${active ? '' : ' · deactivated'}`}
                actions={
                  <>
                    {active && canOffer && (
                      <Button component={Link} to={profileUrl(issuerId, profileId, '/offers/new')} leftSection={<IconQrcode size={16} />}>
                        Create offer
                      </Button>
                    )}
                    {active && canEdit && (
                      <Button
                        component={Link}
                        to={profileUrl(issuerId, profileId, '/edit')}
                        variant="default"
                        leftSection={<IconEdit size={16} />}
                      >
                        Edit
                      </Button>
                    )}
                    {active && canEdit && <DeactivateProfileButton issuerId={issuerId} profileId={profileId} name={data.name} />}
                  </>
                }
              />
              <Tabs value={tab} onChange={(next) => setParams(next && next !== 'summary' ? { tab: next } : {})} keepMounted={false}>
                <Tabs.List mb="md">
                  <Tabs.Tab value="summary">Summary</Tabs.Tab>
                  <Tabs.Tab value="versions">Versions</Tabs.Tab>
                  {canOffer && <Tabs.Tab value="preview">Data preview</Tabs.Tab>}
                </Tabs.List>
                <Tabs.Panel value="summary">
                  <ProfileSummary profile={data} issuer={issuer.data} />
                </Tabs.Panel>
                <Tabs.Panel value="versions">
                  <VersionsPanel issuerId={issuerId} profileId={profileId} />
                </Tabs.Panel>
                {canOffer && (
                  <Tabs.Panel value="preview">
                    <PreviewPanel issuerId={issuerId} profileId={profileId} />
                  </Tabs.Panel>
                )}
              </Tabs>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
