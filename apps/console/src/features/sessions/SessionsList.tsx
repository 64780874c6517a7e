import { useState } from 'react';
import { Anchor, Button, Group, Loader, Paper, Select, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { can } from '../../auth/roles';
import { EmptyState } from '../../components/EmptyState';
import { QueryState } from '../../components/QueryState';
import { useSessionList } from './session-api';
import { SessionsTable } from './SessionsTable';
import { SESSION_STATUSES, type SessionStatus } from './types';
import { useProfileList } from './use-issuer-list';

/**
 * An issuer's sessions, filtered by status and profile (kept in the address, so a filtered list can be shared) and
 * paged with the API's cursor; the cursors of the pages before are kept to go back.
 */
export function SessionsList({ issuerId }: { issuerId: string }) {
  const { principal } = useAuth();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as SessionStatus | undefined;
  const profileId = params.get('profileId') ?? undefined;
  const [pages, setPages] = useState<{ filterKey: string; cursors: string[] }>({ filterKey: '', cursors: [] });
  const filterKey = `${issuerId}|${status ?? ''}|${profileId ?? ''}`;
  const cursors = pages.filterKey === filterKey ? pages.cursors : []; // another filter starts at its first page
  const cursor = cursors[cursors.length - 1];
  const list = useSessionList(issuerId, { status, profileId, cursor });
  const profiles = useProfileList(issuerId);

  const setFilter = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const filtered = Boolean(status || profileId);

  return (
    <>
      <Group gap="md" align="flex-end" mb="md" wrap="wrap">
        <Select
          label="Status"
          placeholder="Any status"
          data={SESSION_STATUSES.map((s) => ({ value: s, label: s }))}
          value={status ?? null}
          onChange={(value) => setFilter('status', value)}
          clearable
          w={210}
        />
        <Select
          label="Profile"
          placeholder="Any profile"
          data={(profiles.data ?? []).map((p) => ({
            value: p.profileId,
            label: p.name === p.profileId ? p.name : `${p.name} (${p.profileId})`,
          }))}
          value={profileId ?? null}
          onChange={(value) => setFilter('profileId', value)}
          clearable
          searchable
          w={260}
        />
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} />}
          onClick={() => void list.refetch()}
          loading={list.isFetching && !list.isPending}
        >
          Refresh
        </Button>
      </Group>
      <Paper withBorder p="md">
        <QueryState query={list}>
          {({ items, nextCursor }) =>
            items.length === 0 && cursors.length === 0 ? (
              <EmptyState
                title={filtered ? 'No session matches' : 'No sessions yet'}
                action={
                  filtered ? (
                    <Button variant="default" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                      Clear the filters
                    </Button>
                  ) : can(principal, 'offer-manager', issuerId) ? (
                    <Anchor component={Link} to="/offers">
                      Create an offer
                    </Anchor>
                  ) : undefined
                }
              >
                {filtered
                  ? 'Try another status or profile.'
                  : 'A session starts when an offer is created; it follows the wallet through issuance.'}
              </EmptyState>
            ) : (
              <>
                <SessionsTable issuerId={issuerId} sessions={items} />
                <Group justify="space-between" mt="md">
                  <Group gap="sm">
                    <Button
                      variant="default"
                      size="xs"
                      disabled={cursors.length === 0}
                      onClick={() => setPages({ filterKey, cursors: cursors.slice(0, -1) })}
                    >
                      Previous page
                    </Button>
                    <Button
                      variant="default"
                      size="xs"
                      disabled={!nextCursor}
                      onClick={() => nextCursor && setPages({ filterKey, cursors: [...cursors, nextCursor] })}
                    >
                      Next page
                    </Button>
                    {list.isFetching && <Loader size="xs" aria-label="Loading" />}
                  </Group>
                  <Text size="sm" c="dimmed" aria-live="polite">
                    Page {cursors.length + 1}
                  </Text>
                </Group>
              </>
            )
          }
        </QueryState>
      </Paper>
    </>
  );
}
