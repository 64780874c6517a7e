import { Anchor, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/api-error';
import { seg } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { can } from '../../auth/roles';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { CredentialsPanel } from './CredentialsPanel';
import { DeferredPanel } from './DeferredPanel';
import { waitsForData } from './deferred';
import { DeliveriesPanel } from './DeliveriesPanel';
import { EventTimeline } from './EventTimeline';
import { PurgeSessionButton } from './PurgeSessionButton';
import { useSession } from './session-api';
import { SessionStatusBadge } from './SessionStatusBadge';
import { SessionSummary } from './SessionSummary';
import { useSessionEvents } from './use-session-events';

/** `/issuers/:issuerId/sessions/:sessionId`: the session, its live events, its credentials and deliveries. */
export function SessionPage() {
  const { issuerId = '', sessionId = '' } = useParams();
  const { principal } = useAuth();
  const session = useSession(issuerId, sessionId);
  const stream = useSessionEvents(issuerId, sessionId);
  const back = (
    <Anchor component={Link} to={`/issuers/${seg(issuerId)}/sessions`}>
      Back to the sessions
    </Anchor>
  );

  if (session.error instanceof ApiError && session.error.status === 404)
    return (
      <EmptyState title="No such session" action={back}>
        Session {sessionId} does not exist, or its data was purged.
      </EmptyState>
    );

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>Session</span>
            <Text span ff="monospace" fz="inherit" fw="inherit" style={{ wordBreak: 'break-all' }}>
              {sessionId}
            </Text>
            {session.data && <SessionStatusBadge status={session.data.status} size="lg" data-testid="session-status" />}
          </Group>
        }
        description={
          <>
            Issuer {issuerId} · {back}
          </>
        }
        actions={
          can(principal, 'issuer-admin', issuerId) && session.data && <PurgeSessionButton issuerId={issuerId} sessionId={sessionId} />
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <QueryState query={session}>
            {(data) => (
              <Stack gap="md">
                <Paper withBorder p="md">
                  <SessionSummary session={data} />
                </Paper>
                {data.status === 'ACTIVE' && waitsForData(stream.events) && can(principal, 'offer-manager', issuerId) && (
                  <Paper withBorder p="md">
                    <DeferredPanel issuerId={issuerId} sessionId={sessionId} />
                  </Paper>
                )}
                <Paper withBorder p="md">
                  <CredentialsPanel
                    issuerId={issuerId}
                    sessionId={sessionId}
                    credentials={data.credentials}
                    canChange={can(principal, 'status-manager', issuerId)}
                  />
                </Paper>
              </Stack>
            )}
          </QueryState>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="md">
            <EventTimeline events={stream.events} status={stream.status} />
            {stream.status === 'failed' && <ErrorAlert error={stream.error} title="The live events cannot be followed" />}
          </Paper>
        </Grid.Col>
        {session.data && (
          <Grid.Col span={12}>
            <Paper withBorder p="md">
              <DeliveriesPanel issuerId={issuerId} sessionId={sessionId} canRedeliver={can(principal, 'offer-manager', issuerId)} />
            </Paper>
          </Grid.Col>
        )}
      </Grid>
    </>
  );
}
