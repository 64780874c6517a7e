import { useState } from 'react';
import { Badge, Button, Center, Code, Loader, Stack, Table, Text } from '@mantine/core';
import { useAuth } from '../../auth/AuthProvider';
import { can } from '../../auth/roles';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { AuditFiltersForm } from './AuditFiltersForm';
import { when } from './format';
import { RequireRole } from './RequireRole';
import { useAuditLog, type AuditFilters } from './settings-api';

const OUTCOME_COLOR = { success: 'teal', denied: 'orange', failure: 'red' } as const;

/** `/audit` (platform-admin; issuer-admin for its issuers' records): who changed what, newest first, 50 at a time. */
export function AuditPage() {
  const { principal } = useAuth();
  const allowed = can(principal, 'issuer-admin');
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters, allowed);
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  // A failed "load older" keeps the records already shown and says why under them.
  const moreError = log.isFetchNextPageError ? log.error : undefined;
  return (
    <>
      <PageHeader title="Audit log" description="Every admin change and refusal: who, what, on which target, with which outcome." />
      <RequireRole allowed={allowed} who="platform administrators and issuer administrators">
        <Stack gap="md">
          <AuditFiltersForm onApply={setFilters} />
          {log.isPending ? (
            <Center py="xl">
              <Loader aria-label="Loading" />
            </Center>
          ) : log.isError && !log.data ? (
            <ErrorAlert error={log.error} />
          ) : items.length === 0 ? (
            <EmptyState title="No records">
              {Object.values(filters).some(Boolean) ? 'Nothing matches these filters.' : 'No admin change has been recorded yet.'}
            </EmptyState>
          ) : (
            <>
              <Table.ScrollContainer minWidth={900}>
                <Table striped verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>When</Table.Th>
                      <Table.Th>Actor</Table.Th>
                      <Table.Th>Action</Table.Th>
                      <Table.Th>Target</Table.Th>
                      <Table.Th>Outcome</Table.Th>
                      <Table.Th>Issuer</Table.Th>
                      <Table.Th>Request</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((r) => (
                      <Table.Tr key={r.auditId} data-testid={`audit-${r.auditId}`}>
                        <Table.Td>{when(r.at)}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{r.actor.id}</Text>
                          <Text size="xs" c="dimmed">
                            {r.actor.type}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Code>{r.action}</Code>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" style={{ wordBreak: 'break-all' }}>
                            {r.target.type}
                            {r.target.id ? ` ${r.target.id}` : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={OUTCOME_COLOR[r.outcome]}>
                            {r.outcome}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{r.issuerId ?? '—'}</Table.Td>
                        <Table.Td>
                          <Text size="xs" c="dimmed" title={r.requestId}>
                            {r.address}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {moreError && <ErrorAlert error={moreError} />}
              {log.hasNextPage ? (
                <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} mx="auto">
                  Load older records
                </Button>
              ) : (
                <Text size="sm" c="dimmed" ta="center">
                  {items.length} record(s): the beginning of the log for these filters.
                </Text>
              )}
            </>
          )}
        </Stack>
      </RequireRole>
    </>
  );
}
