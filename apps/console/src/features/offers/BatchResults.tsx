import { useState } from 'react';
import { Anchor, Button, Checkbox, Code, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconPrinter } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { seg } from '../../api/client';
import { formatDateTime } from './format';
import { noPrintClass, QrSheet } from './QrSheet';
import { downloadText, resultsCsv, type BatchResultRow } from './results-csv';

/** The created offers: a table with a link to each session, the CSV to keep, and the printable sheet of QR codes. */
export function BatchResults({ issuerId, rows, onRestart }: { issuerId: string; rows: BatchResultRow[]; onRestart: () => void }) {
  const [withTxCode, setWithTxCode] = useState(true);
  const anyTxCode = rows.some((r) => r.offer.txCodeValue);
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" className={noPrintClass}>
        <Stack gap="md">
          <Title order={3}>{rows.length === 1 ? '1 offer created' : `${rows.length} offers created`}</Title>
          <Group gap="sm">
            <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
              Print
            </Button>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              onClick={() => downloadText(`offers-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`, resultsCsv(rows))}
            >
              Download CSV
            </Button>
            <Button variant="subtle" onClick={onRestart}>
              Another batch
            </Button>
          </Group>
          {anyTxCode && (
            <Checkbox
              label="Print the transaction codes on the cards (else hand them over separately, e.g. from the CSV)"
              checked={withTxCode}
              onChange={(e) => setWithTxCode(e.currentTarget.checked)}
            />
          )}
          <ScrollArea.Autosize mah={360} type="auto">
            <Table striped withTableBorder aria-label="Created offers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Row</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Session</Table.Th>
                  <Table.Th>Transaction code</Table.Th>
                  <Table.Th>Expires</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ row, name, offer }) => (
                  <Table.Tr key={offer.offerId}>
                    <Table.Td>{row}</Table.Td>
                    <Table.Td>{name}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/issuers/${seg(issuerId)}/sessions/${seg(offer.sessionId)}`} size="sm">
                        {offer.sessionId}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{offer.txCodeValue ? <Code>{offer.txCodeValue}</Code> : <Text c="dimmed">none</Text>}</Table.Td>
                    <Table.Td>{formatDateTime(offer.expiresAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Stack>
      </Paper>
      <QrSheet rows={rows} withTxCode={withTxCode} />
    </Stack>
  );
}
