import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { seg } from '../../api/client';
import { formatDateTime } from './format';
import { SessionStatusBadge } from './SessionStatusBadge';
import type { Session } from './types';

/** One page of sessions, newest first. */
export function SessionsTable({ issuerId, sessions }: { issuerId: string; sessions: Session[] }) {
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Sessions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Session</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Profile</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Credentials</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.map((s) => (
            <Table.Tr key={s.sessionId}>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/issuers/${seg(issuerId)}/sessions/${seg(s.sessionId)}`}
                  ff="monospace"
                  size="sm"
                  style={{ wordBreak: 'break-all' }}
                >
                  {s.sessionId}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <SessionStatusBadge status={s.status} />
                {s.statusReason && (
                  <Text size="xs" c="dimmed" lineClamp={1} title={s.statusReason}>
                    {s.statusReason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.profileId}</Text>
                <Text size="xs" c="dimmed">
                  v{s.profileVersion} · {s.authMethod === 'PRE_AUTHORIZED' ? 'pre-authorized' : 'authorization code'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(s.createdAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(s.expiresAt)}</Text>
              </Table.Td>
              <Table.Td>{s.credentials.length}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
