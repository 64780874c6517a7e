import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/api-error';
import { del } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keyPath, keysKeys } from './keys-api';
import type { Key } from './types';

/** Deletes a key after a confirmation; a refusal because something still uses it (409) is shown with a way to see what. */
export function DeleteKeyButton({ keyItem, onDeleted }: { keyItem: Key; onDeleted?: () => void }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const name = keyItem.name ?? keyItem.keyId;
  const remove = useMutation({
    mutationFn: () => del(keyPath(keyItem.keyId)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: keysKeys.one(keyItem.keyId) });
      void queryClient.invalidateQueries({ queryKey: keysKeys.all });
      notifySaved(`Key ${name} deleted`);
      setOpened(false);
      onDeleted?.();
    },
  });
  const close = () => {
    setOpened(false);
    remove.reset();
  };
  const inUse = remove.error instanceof ApiError && remove.error.status === 409;
  return (
    <>
      <Button size="compact-sm" variant="light" color="red" onClick={() => setOpened(true)} aria-label={`Delete key ${name}`}>
        Delete
      </Button>
      <Modal opened={opened} onClose={close} title={`Delete key ${name}?`}>
        <Stack gap="sm">
          <Text size="sm">
            The key is destroyed in kms: nothing can be signed with it again, and its public part is no longer published. It cannot be
            undone.
          </Text>
          {remove.isError && <ErrorAlert error={remove.error} title={inUse ? 'The key is still in use and was not deleted' : undefined} />}
          {inUse && (
            <Button component={Link} to={`/keys/${encodeURIComponent(keyItem.keyId)}`} variant="subtle" onClick={close}>
              See what uses it
            </Button>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending} disabled={inUse}>
              Delete key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
