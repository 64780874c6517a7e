import { useState } from 'react';
import { Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useAuth } from '../../auth/AuthProvider';
import { canOnPlatform } from '../../auth/roles';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ApiKeyCreateModal } from './ApiKeyCreateModal';
import { when } from './format';
import { RequireRole } from './RequireRole';
import { RevokeApiKeyButton } from './RevokeApiKeyButton';
import { useApiKeys } from './settings-api';

/** `/api-keys` (platform-admin): keys with roles and an issuer scope for people and automation. */
export function ApiKeysPage() {
  const { principal } = useAuth();
  const allowed = canOnPlatform(principal, 'platform-admin');
  const keys = useApiKeys(allowed);
  const [creating, setCreating] = useState(false);
  const [now] = useState(() => Date.now());
  const createButton = allowed && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      Create API key
    </Button>
  );
  return (
    <>
      <PageHeader title="API keys" description="Keys with roles, limited to some issuers or to every one." actions={createButton} />
      <RequireRole allowed={allowed} who="platform administrators">
        <ApiKeyCreateModal opened={creating} onClose={() => setCreating(false)} />
        <QueryState query={keys}>
          {(items) =>
            items.length === 0 ? (
              <EmptyState title="No API keys yet" action={createButton || undefined}>
                Give each team or pipeline its own key with the roles and issuers it needs, instead of sharing the bootstrap admin key.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={700}>
                <Table striped verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Roles</Table.Th>
                      <Table.Th>Issuers</Table.Th>
                      <Table.Th>Created</Table.Th>
                      <Table.Th>Expires</Table.Th>
                      <Table.Th>Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((k) => (
                      <Table.Tr key={k.apiKeyId} data-testid={`api-key-${k.apiKeyId}`}>
                        <Table.Td>
                          {k.name}
                          <Text size="xs" c="dimmed">
                            <Code>{k.keyPrefix}…</Code>
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {k.roles.map((role) => (
                              <Badge key={role} variant="light" size="sm">
                                {role}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                        <Table.Td>{k.issuers.includes('*') ? 'Every issuer' : k.issuers.join(', ')}</Table.Td>
                        <Table.Td>
                          {when(k.createdAt)}
                          <Text size="xs" c="dimmed">
                            by {k.createdBy.type} {k.createdBy.id}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {k.expiresAt ? when(k.expiresAt) : 'Never'}{' '}
                          {k.expiresAt && Date.parse(k.expiresAt) <= now && (
                            <Badge color="red" variant="light" size="sm">
                              expired
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <RevokeApiKeyButton apiKey={k} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </RequireRole>
    </>
  );
}
