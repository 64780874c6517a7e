import { Button, Tabs } from '@mantine/core';
import { IconEdit, IconFileCertificate, IconTimeline } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ConfigurationsTable } from './ConfigurationsTable';
import { DeleteIssuerButton } from './DeleteIssuerButton';
import { issuerName } from './issuer-config';
import { mayAdminister } from './issuer-permissions';
import { IssuerOverview } from './IssuerOverview';
import { useIssuer } from './issuers-api';
import { UsersPanel } from './UsersPanel';
import { WalletPreview } from './WalletPreview';
import { WebhookSecretPanel } from './WebhookSecretPanel';

export type IssuerTab = 'overview' | 'configurations' | 'preview' | 'webhook-secret' | 'users';

/**
 * `/issuers/:issuerId[/<tab>]`: one issuer with its parts as tabs; each tab has its own URL so that it can be
 * linked and reloaded. Profiles and sessions are their own pages, linked from the header.
 */
export function IssuerPage({ tab }: { tab: IssuerTab }) {
  const { issuerId = '' } = useParams();
  const { principal } = useAuth();
  const navigate = useNavigate();
  const issuer = useIssuer(issuerId);
  const base = `/issuers/${encodeURIComponent(issuerId)}`;
  const admin = mayAdminister(principal, issuerId);
  return (
    <QueryState query={issuer}>
      {(data) => (
        <>
          <PageHeader
            title={issuerName(data)}
            description={data.credentialIssuer}
            actions={
              <>
                <Button component={Link} to={`${base}/profiles`} variant="light" leftSection={<IconFileCertificate size={16} />}>
                  Profiles
                </Button>
                <Button component={Link} to={`${base}/sessions`} variant="light" leftSection={<IconTimeline size={16} />}>
                  Sessions
                </Button>
                {admin && (
                  <Button component={Link} to={`${base}/edit`} variant="default" leftSection={<IconEdit size={16} />}>
                    Edit
                  </Button>
                )}
                {admin && <DeleteIssuerButton issuerId={issuerId} />}
              </>
            }
          />
          <Tabs value={tab} onChange={(next) => navigate(next === 'overview' ? base : `${base}/${next}`)} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="overview">Overview</Tabs.Tab>
              <Tabs.Tab value="configurations">Credential configurations</Tabs.Tab>
              <Tabs.Tab value="preview">Wallet preview</Tabs.Tab>
              <Tabs.Tab value="webhook-secret">Webhook secret</Tabs.Tab>
              {admin && <Tabs.Tab value="users">Login users</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="overview">
              <IssuerOverview issuer={data} />
            </Tabs.Panel>
            <Tabs.Panel value="configurations">
              <ConfigurationsTable issuer={data} />
            </Tabs.Panel>
            <Tabs.Panel value="preview">
              <WalletPreview issuerId={issuerId} />
            </Tabs.Panel>
            <Tabs.Panel value="webhook-secret">
              <WebhookSecretPanel issuerId={issuerId} canRotate={admin} />
            </Tabs.Panel>
            <Tabs.Panel value="users">
              {admin ? (
                <UsersPanel issuerId={issuerId} />
              ) : (
                <EmptyState title="Not available">Managing login users needs the issuer-admin role on this issuer.</EmptyState>
              )}
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </QueryState>
  );
}
