import { useState } from 'react';
import { ActionIcon, Button, Code, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { del, seg } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryState } from '../../components/QueryState';
import { issuerKeys, issuerPath, useIssuerUsers } from './issuers-api';
import type { IssuerUser } from './types';
import { UserFormModal } from './UserFormModal';

/** The users of the issuer's PASSWORD login: who may sign in when a profile's authentication is `PASSWORD`. */
export function UsersPanel({ issuerId }: { issuerId: string }) {
  const users = useIssuerUsers(issuerId);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<IssuerUser | 'new'>();
  const [deleting, setDeleting] = useState<IssuerUser>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: issuerKeys.users(issuerId) });
  const remove = useMutation({
    mutationFn: (user: IssuerUser) => del(`${issuerPath(issuerId)}/users/${seg(user.username)}`),
    onSuccess: (_, user) => {
      setDeleting(undefined);
      notifySaved(`User ${user.username} deleted`);
      void refresh();
    },
  });
  const newButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      New user
    </Button>
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Users sign in with a username and password when a profile&apos;s authentication method is PASSWORD; their claims (and username)
          feed the profile&apos;s idTokenClaimsMapping.
        </Text>
        {users.data && users.data.items.length > 0 && newButton}
      </Group>
      <QueryState query={users}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title="No login users yet" action={newButton}>
              Create the first user who signs in on this issuer&apos;s password login page.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table striped verticalSpacing="sm" aria-label="Login users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Username</Table.Th>
                    <Table.Th>Claims</Table.Th>
                    <Table.Th>Updated</Table.Th>
                    <Table.Th w={90}>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((user) => (
                    <Table.Tr key={user.username}>
                      <Table.Td fw={500}>{user.username}</Table.Td>
                      <Table.Td>
                        <Code style={{ wordBreak: 'break-all' }}>{JSON.stringify(user.claims)}</Code>
                      </Table.Td>
                      <Table.Td>{new Date(user.updatedAt).toLocaleString()}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Tooltip label="Edit">
                            <ActionIcon variant="subtle" aria-label={`Edit user ${user.username}`} onClick={() => setEditing(user)}>
                              <IconEdit size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Delete">
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={`Delete user ${user.username}`}
                              onClick={() => setDeleting(user)}
                            >
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      {editing && (
        <UserFormModal
          issuerId={issuerId}
          user={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(user) => {
            setEditing(undefined);
            notifySaved(`User ${user.username} saved`);
            void refresh();
          }}
        />
      )}
      <Modal
        opened={deleting !== undefined}
        onClose={() => (setDeleting(undefined), remove.reset())}
        title={`Delete user ${deleting?.username ?? ''}?`}
      >
        <Stack gap="sm">
          <Text size="sm">The user can no longer sign in. Credentials already issued stay valid.</Text>
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => (setDeleting(undefined), remove.reset())}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
              Delete user
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
