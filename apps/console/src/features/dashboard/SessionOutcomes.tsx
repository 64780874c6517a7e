import { DonutChart } from '@mantine/charts';
import { Card, ColorSwatch, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { outcomeRates, percent } from './chart-data';
import { SESSION_STATUSES, type SessionStatus, type Stats } from './dashboard-api';

export const STATUS_LOOK: Record<SessionStatus, { label: string; color: string }> = {
  SUCCESSFUL: { label: 'Successful', color: 'teal.6' },
  UNSUCCESSFUL: { label: 'Failed', color: 'red.6' },
  REJECTED_BY_USER: { label: 'Rejected by the user', color: 'orange.6' },
  EXPIRED: { label: 'Expired', color: 'gray.5' },
  ACTIVE: { label: 'Still open', color: 'blue.5' },
};

/** Sessions of the period by outcome, with the success rate of those that ended. */
export function SessionOutcomes({ stats }: { stats: Stats }) {
  const { ended, successRate } = outcomeRates(stats.sessions);
  const total = ended + stats.sessions.ACTIVE;
  const data = SESSION_STATUSES.filter((s) => stats.sessions[s] > 0).map((s) => ({
    name: STATUS_LOOK[s].label,
    value: stats.sessions[s],
    color: STATUS_LOOK[s].color,
  }));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="sessions-title">
      <Title order={4} id="sessions-title" mb="sm">
        Sessions
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Stack align="center" justify="center">
          {total === 0 ? (
            <Text c="dimmed" ta="center">
              No session was started in this period.
            </Text>
          ) : (
            <DonutChart
              data={data}
              size={160}
              thickness={24}
              withTooltip
              chartLabel={percent(successRate)}
              aria-label={`Donut chart: ${percent(successRate)} of ${ended} ended sessions successful`}
            />
          )}
        </Stack>
        <Stack gap={6}>
          <Text size="sm">
            Success rate of ended sessions:{' '}
            <Text span fw={700} data-testid="success-rate">
              {percent(successRate)}
            </Text>
          </Text>
          {SESSION_STATUSES.map((status) => (
            <Group key={status} justify="space-between" wrap="nowrap" data-testid={`sessions-${status}`}>
              <Group gap={8} wrap="nowrap">
                <ColorSwatch color={`var(--mantine-color-${STATUS_LOOK[status].color.replace('.', '-')})`} size={12} />
                <Text size="sm">{STATUS_LOOK[status].label}</Text>
              </Group>
              <Text size="sm" fw={500}>
                {stats.sessions[status]}
              </Text>
            </Group>
          ))}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
