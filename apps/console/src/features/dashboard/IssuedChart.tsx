import { BarChart } from '@mantine/charts';
import { Card, Group, Text, Title } from '@mantine/core';
import { formatsOf, issuedRows, totalIssued } from './chart-data';
import type { Stats } from './dashboard-api';

const COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'pink.6', 'lime.7', 'yellow.7'];

/** Credentials issued per day, one stacked colour per format. */
export function IssuedChart({ stats }: { stats: Stats }) {
  const formats = formatsOf(stats);
  const total = totalIssued(stats);
  const series = formats.map((format, i) => ({ name: format, color: COLORS[i % COLORS.length] }));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="issued-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={4} id="issued-title">
          Credentials issued per day
        </Title>
        <Text size="sm" c="dimmed" data-testid="issued-total">
          {total} in {stats.days} {stats.days === 1 ? 'day' : 'days'}
          {formats.length > 0 && ` · ${formats.length} ${formats.length === 1 ? 'format' : 'formats'}`}
        </Text>
      </Group>
      {total === 0 ? (
        <Text c="dimmed" py="xl" ta="center">
          No credential was issued in this period. Create an offer from a profile and redeem it with a wallet to see it here.
        </Text>
      ) : (
        <BarChart
          h={260}
          data={issuedRows(stats)}
          dataKey="date"
          type="stacked"
          series={series}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          xAxisProps={{ tickFormatter: (date: string) => date.slice(5) }}
          aria-label={`Bar chart: ${total} credentials issued, by day and format`}
        />
      )}
    </Card>
  );
}
