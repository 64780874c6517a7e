import { Anchor, Group, Paper, Text } from '@mantine/core';
import { Link, Navigate, useParams } from 'react-router-dom';
import { seg } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { IssuerPicker } from './IssuerPicker';
import { SessionsList } from './SessionsList';
import { useIssuerList } from './use-issuer-list';

/** `/sessions` (choose an issuer) and `/issuers/:issuerId/sessions` (its sessions). */
export function SessionsPage() {
  const { issuerId } = useParams();
  const issuers = useIssuerList();
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Every offer starts a session; it follows the wallet until the credential is issued, refused or expired"
        actions={issuers.data && issuers.data.length > 0 && <IssuerPicker issuers={issuers.data} issuerId={issuerId} />}
      />
      {issuerId ? (
        <SessionsList key={issuerId} issuerId={issuerId} />
      ) : (
        <QueryState query={issuers}>
          {(items) =>
            items.length === 1 ? (
              <Navigate to={`/issuers/${seg(items[0].id)}/sessions`} replace />
            ) : items.length === 0 ? (
              <EmptyState
                title="No issuer yet"
                action={
                  <Anchor component={Link} to="/issuers">
                    Go to issuers
                  </Anchor>
                }
              >
                Sessions belong to an issuer: create one, then an offer.
              </EmptyState>
            ) : (
              <Paper withBorder p="md">
                <Group>
                  <Text>Choose the issuer whose sessions to see (top right).</Text>
                </Group>
              </Paper>
            )
          }
        </QueryState>
      )}
    </>
  );
}
