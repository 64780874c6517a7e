import { Badge, Button, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post, seg } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from './format';
import { keys, sessionPath, useDeliveries } from './session-api';
import type { Delivery } from './types';

const COLORS: Record<Delivery['status'], string> = { PENDING: 'yellow', DELIVERED: 'green', DEAD: 'red' };

/** The webhook deliveries of the session's events (API.md §10) and, for offer managers, redeliver. */
export function DeliveriesPanel({ issuerId, sessionId, canRedeliver }: { issuerId: string; sessionId: string; canRedeliver: boolean }) {
  const deliveries = useDeliveries(issuerId, sessionId);
  const queryClient = useQueryClient();
  const redeliver = useMutation({
    mutationFn: (eventId: string) => post(`${sessionPath(issuerId, sessionId)}/deliveries/${seg(eventId)}/redeliver`),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Delivery queued again', autoClose: 3000 });
      void queryClient.invalidateQueries({ queryKey: keys.deliveries(issuerId, sessionId) });
    },
  });
  return (
    <>
      <Title order={4} mb="sm">
        Webhook deliveries
      </Title>
      <QueryState query={deliveries}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              No webhook deliveries. A webhook in the profile's (or the offer's) <code>notifications.webhook</code> receives every event of
              the session.
            </Text>
          ) : (
            <>
              <ErrorAlert error={redeliver.error} title="The delivery was not queued again" />
              <Table.ScrollContainer minWidth={620}>
                <Table verticalSpacing="xs" aria-label="Webhook deliveries">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Event</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Attempts</Table.Th>
                      <Table.Th>Last answer</Table.Th>
                      {canRedeliver && <Table.Th />}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((d) => (
                      <Table.Tr key={d.eventId}>
                        <Table.Td>
                          <Text size="sm" ff="monospace">
                            {d.event}
                          </Text>
                          <Tooltip label={d.url}>
                            <Text size="xs" c="dimmed" truncate maw={260}>
                              {d.url}
                            </Text>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={COLORS[d.status]} variant="light" style={{ minWidth: 'max-content' }}>
                            {d.status}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {d.status === 'DELIVERED'
                              ? formatDateTime(d.deliveredAt)
                              : d.status === 'PENDING'
                                ? `next ${formatDateTime(d.nextAttemptAt, 'soon')}`
                                : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>{d.attempts}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{d.lastStatusCode ?? '—'}</Text>
                          {d.lastError && (
                            <Text size="xs" c="red">
                              {d.lastError}
                            </Text>
                          )}
                        </Table.Td>
                        {canRedeliver && (
                          <Table.Td>
                            <Button
                              size="compact-sm"
                              variant="default"
                              loading={redeliver.isPending && redeliver.variables === d.eventId}
                              onClick={() => redeliver.mutate(d.eventId)}
                              aria-label={`Redeliver ${d.event}`}
                            >
                              Redeliver
                            </Button>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </>
          )
        }
      </QueryState>
    </>
  );
}
