import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error';
import { api } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keyPath, keysKeys } from './keys-api';
import type { Key } from './types';

const keyName = (key: Key) => key.name ?? key.keyId;

/**
 * Disables (after a confirmation) or enables a key. A disable the API refuses because the key is in use (409) says
 * why and offers to disable it anyway (`?force=true`): a compromised key must be stoppable at once.
 */
export function KeyStatusButton({ keyItem }: { keyItem: Key }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const disabled = keyItem.status === 'DISABLED';
  const change = useMutation({
    mutationFn: (force: boolean) =>
      api<Key>('POST', `${keyPath(keyItem.keyId)}/${disabled ? 'enable' : 'disable'}`, {
        body: {},
        query: force ? { force: 'true' } : undefined,
      }),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: keysKeys.all });
      notifySaved(`Key ${keyName(key)} ${key.status === 'DISABLED' ? 'disabled' : 'enabled'}`);
      close();
    },
  });
  const close = () => {
    setOpened(false);
    change.reset();
  };
  const inUse = change.error instanceof ApiError && change.error.status === 409;

  if (disabled)
    return (
      <Button
        size="compact-sm"
        variant="light"
        onClick={() => change.mutate(false)}
        loading={change.isPending}
        aria-label={`Enable key ${keyName(keyItem)}`}
      >
        Enable
      </Button>
    );
  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        color="orange"
        onClick={() => setOpened(true)}
        aria-label={`Disable key ${keyName(keyItem)}`}
      >
        Disable
      </Button>
      <Modal opened={opened} onClose={close} title={`Disable key ${keyName(keyItem)}?`}>
        <Stack gap="sm">
          <Text size="sm">
            A disabled key keeps its public part (signatures made with it still verify) but signs nothing until it is enabled again.
          </Text>
          {change.isError && <ErrorAlert error={change.error} title={inUse ? 'The key is in use' : undefined} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            {inUse ? (
              <Button color="red" onClick={() => change.mutate(true)} loading={change.isPending}>
                Disable anyway
              </Button>
            ) : (
              <Button color="orange" onClick={() => change.mutate(false)} loading={change.isPending}>
                Disable key
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
