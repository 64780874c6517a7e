import { BarChart } from '@mantine/charts';
import { Alert, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Stats } from './dashboard-api';

const BARS = [
  { key: 'pending', label: 'Pending', color: 'yellow.6', hint: 'still being retried (any age)' },
  { key: 'failed', label: 'Failed', color: 'red.6', hint: 'given up in this period' },
  { key: 'delivered', label: 'Delivered', color: 'teal.6', hint: 'in this period' },
] as const;

/** Webhook deliveries: the backlog still being retried, and what failed or arrived in the period. */
export function WebhookBacklog({ stats }: { stats: Stats }) {
  const webhooks = stats.webhooks;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="webhooks-title">
      <Title order={4} id="webhooks-title" mb="sm">
        Webhook deliveries
      </Title>
      {!webhooks ? (
        <Alert color="yellow" title="Delivery counts unavailable">
          The notifications service did not answer. Deliveries go on; try again later.
        </Alert>
      ) : (
        <Stack gap="sm">
          <Group grow wrap="wrap">
            {BARS.map((bar) => (
              <Stack key={bar.key} gap={0} data-testid={`webhooks-${bar.key}`}>
                <Text size="xl" fw={700} c={bar.key === 'failed' && webhooks.failed > 0 ? 'red.7' : undefined}>
                  {webhooks[bar.key]}
                </Text>
                <Text size="sm">{bar.label}</Text>
                <Text size="xs" c="dimmed">
                  {bar.hint}
                </Text>
              </Stack>
            ))}
          </Group>
          {webhooks.pending + webhooks.failed + webhooks.delivered > 0 && (
            <BarChart
              h={90}
              data={[{ name: 'Deliveries', ...webhooks }]}
              dataKey="name"
              type="stacked"
              orientation="vertical"
              withYAxis={false}
              gridAxis="none"
              series={BARS.map((bar) => ({ name: bar.key, label: bar.label, color: bar.color }))}
              aria-label={`Bar chart: ${webhooks.pending} pending, ${webhooks.failed} failed, ${webhooks.delivered} delivered`}
            />
          )}
        </Stack>
      )}
    </Card>
  );
}
