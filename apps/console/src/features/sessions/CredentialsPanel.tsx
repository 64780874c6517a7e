import { useState } from 'react';
import { Button, Group, Menu, Table, Text, Title } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { CredentialStatusBadge } from './CredentialStatusBadge';
import { formatDateTime } from './format';
import { STATUS_ACTIONS, StatusChangeModal, type StatusChange } from './StatusChangeModal';
import type { CredentialStatusValue, SessionCredential } from './types';

/** The changes a credential in this status can take: REVOKED is final. */
function nextStatuses(value: CredentialStatusValue | undefined): CredentialStatusValue[] {
  if (value === 'VALID') return ['SUSPENDED', 'REVOKED'];
  if (value === 'SUSPENDED') return ['VALID', 'REVOKED'];
  return [];
}

/** The credentials the session issued, their status, and (for status managers) revoke / suspend / reinstate. */
export function CredentialsPanel({
  issuerId,
  sessionId,
  credentials,
  canChange,
}: {
  issuerId: string;
  sessionId: string;
  credentials: SessionCredential[];
  canChange: boolean;
}) {
  const [change, setChange] = useState<StatusChange>();
  const changeable = credentials.some((c) => c.status && c.status.value !== 'REVOKED');
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Title order={4}>Issued credentials</Title>
        {canChange && changeable && credentials.length > 1 && (
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" size="xs" rightSection={<IconChevronDown size={14} />}>
                All credentials
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(['REVOKED', 'SUSPENDED', 'VALID'] as const).map((status) => (
                <Menu.Item
                  key={status}
                  color={status === 'REVOKED' ? 'red' : undefined}
                  onClick={() => setChange({ target: { session: true }, status })}
                >
                  {STATUS_ACTIONS[status].verb} all
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {credentials.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing issued yet. Credentials appear here once the wallet has received them.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={440}>
          <Table verticalSpacing="xs" aria-label="Issued credentials">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Credential</Table.Th>
                <Table.Th>Status</Table.Th>
                {canChange && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {credentials.map((credential) => (
                <Table.Tr key={credential.credentialId} data-testid={`credential-${credential.credentialId}`}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {credential.credentialId}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {credential.credentialConfigurationId} · {credential.format} · issued {formatDateTime(credential.issuedAt)}
                      {credential.notification && ` · wallet: ${credential.notification.event}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <CredentialStatusBadge value={credential.status?.value} />
                  </Table.Td>
                  {canChange && (
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        {credential.status?.value === 'REVOKED' && (
                          <Text size="xs" c="dimmed">
                            final
                          </Text>
                        )}
                        {nextStatuses(credential.status?.value).map((status) => (
                          <Button
                            key={status}
                            size="compact-sm"
                            variant="light"
                            color={STATUS_ACTIONS[status].color}
                            onClick={() => setChange({ target: { credentialId: credential.credentialId }, status })}
                          >
                            {STATUS_ACTIONS[status].verb}
                          </Button>
                        ))}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <StatusChangeModal issuerId={issuerId} sessionId={sessionId} change={change} onClose={() => setChange(undefined)} />
    </>
  );
}
