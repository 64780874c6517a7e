import { Badge, List, ScrollArea, Table, Text } from '@mantine/core';
import type { PreparedRow } from './csv-offers';

/** The uploaded rows as they will be sent, each with its problems (from the checks here, or from the API). */
export function BatchPreview({ columns, rows, apiErrors }: { columns: string[]; rows: PreparedRow[]; apiErrors: Map<number, string[]> }) {
  return (
    <ScrollArea.Autosize mah={480} type="auto">
      <Table striped withTableBorder stickyHeader aria-label="Rows of the CSV file">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Row</Table.Th>
            <Table.Th>Check</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const problems = [...row.errors, ...(apiErrors.get(row.index) ?? [])];
            return (
              <Table.Tr key={row.index} data-testid={`batch-row-${row.index + 1}`}>
                <Table.Td>{row.index + 1}</Table.Td>
                <Table.Td miw={180}>
                  {problems.length === 0 ? (
                    <Badge color="green" variant="light">
                      Ready
                    </Badge>
                  ) : (
                    <>
                      <Badge color="red" variant="light">
                        {problems.length === 1 ? '1 problem' : `${problems.length} problems`}
                      </Badge>
                      <List size="xs" c="red" mt={4}>
                        {problems.map((p) => (
                          <List.Item key={p}>{p}</List.Item>
                        ))}
                      </List>
                    </>
                  )}
                </Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c}>
                    <Text size="sm">{row.cells[c]}</Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
