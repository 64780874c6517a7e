import { Badge, Card, Code, Spoiler, Table, Text, Title } from '@mantine/core';
import { QueryState } from '../../components/QueryState';
import { when } from './format';
import { useRetentionRuns } from './settings-api';

const STATUS_COLOR = { RUNNING: 'blue', COMPLETED: 'teal', FAILED: 'red' } as const;

/** The runs, newest first, with what each matched and deleted (a dry run lists up to 100 sessions it would delete). */
export function RetentionRuns() {
  const runs = useRetentionRuns();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="retention-runs-title">
      <Title order={4} id="retention-runs-title" mb="sm">
        Runs
      </Title>
      <QueryState query={runs}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed">No run yet. Start a dry run above to see what the settings would delete.</Text>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table striped verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Older than</Table.Th>
                    <Table.Th>Matched</Table.Th>
                    <Table.Th>Deleted</Table.Th>
                    <Table.Th>Sessions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((run) => (
                    <Table.Tr key={run.runId} data-testid={`run-${run.runId}`}>
                      <Table.Td>
                        {when(run.startedAt)}
                        <Text size="xs" c="dimmed">
                          {run.trigger === 'schedule' ? 'scheduled' : 'manual'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={run.dryRun ? 'gray' : 'orange'}>
                          {run.dryRun ? 'Dry run' : 'Real'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATUS_COLOR[run.status]}>
                          {run.status.toLowerCase()}
                        </Badge>
                        {run.error && (
                          <Text size="xs" c="red">
                            {run.error}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{when(run.cutoff)}</Table.Td>
                      <Table.Td>{run.matched}</Table.Td>
                      <Table.Td>{run.deleted}</Table.Td>
                      <Table.Td maw={280}>
                        {run.sessionIds.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <Spoiler maxHeight={44} showLabel={`Show ${run.sessionIds.length}`} hideLabel="Hide">
                            {run.sessionIds.map((id) => (
                              <Code key={id} block={false} mr={4} style={{ wordBreak: 'break-all' }}>
                                {id}
                              </Code>
                            ))}
                          </Spoiler>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Card>
  );
}
