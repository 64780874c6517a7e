import { useState } from 'react';
import { Group, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useIssuerList, useStats } from './dashboard-api';
import { FreshInstall } from './FreshInstall';
import { IssuedChart } from './IssuedChart';
import { QuickLinks } from './QuickLinks';
import { SessionOutcomes } from './SessionOutcomes';
import { WebhookBacklog } from './WebhookBacklog';

const PERIODS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
];
const ALL = '*';

/** `/`: how issuance is going (per day and format, session outcomes, webhooks) for one issuer or all in scope. */
export function DashboardPage() {
  const issuers = useIssuerList();
  const [issuerId, setIssuerId] = useState(ALL);
  const [days, setDays] = useState('30');
  const stats = useStats(issuerId === ALL ? undefined : issuerId, Number(days));
  const items = issuers.data?.items ?? [];
  const options = [
    { value: ALL, label: 'All issuers' },
    ...items.map((i) => ({ value: i.id, label: i.display?.[0]?.name ? `${i.display[0].name} (${i.id})` : i.id })),
  ];

  if (issuers.isSuccess && items.length === 0)
    return (
      <>
        <PageHeader title="Dashboard" description="Issuance at a glance." />
        <Stack>
          <FreshInstall />
          <QuickLinks />
        </Stack>
      </>
    );

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Issuance at a glance: credentials, sessions and webhooks."
        actions={
          <Group gap="sm" wrap="wrap">
            <Select
              label="Issuer"
              data={options}
              value={issuerId}
              onChange={(value) => setIssuerId(value ?? ALL)}
              allowDeselect={false}
              w={220}
              size="sm"
            />
            <div>
              <Text size="sm" fw={500} component="label" id="period-label">
                Period
              </Text>
              <SegmentedControl data={PERIODS} value={days} onChange={setDays} size="sm" aria-labelledby="period-label" display="flex" />
            </div>
          </Group>
        }
      />
      <QueryState query={stats}>
        {(data) => (
          <Stack gap="md">
            <IssuedChart stats={data} />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <SessionOutcomes stats={data} />
              <WebhookBacklog stats={data} />
            </SimpleGrid>
            <QuickLinks />
          </Stack>
        )}
      </QueryState>
    </>
  );
}
