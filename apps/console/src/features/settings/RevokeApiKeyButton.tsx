import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { del, seg } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { settingsKeys } from './settings-api';
import type { ApiKey } from './types';

/** Revokes a key after a confirmation: refused at once on every replica, and its open event streams end. */
export function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const revoke = useMutation({
    mutationFn: () => del(`/api-keys/${seg(apiKey.apiKeyId)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys });
      notifySaved(`API key ${apiKey.name} revoked`);
      setOpened(false);
    },
  });
  const close = () => {
    setOpened(false);
    revoke.reset();
  };
  return (
    <>
      <Button size="compact-sm" color="red" variant="light" onClick={() => setOpened(true)} aria-label={`Revoke ${apiKey.name}`}>
        Revoke
      </Button>
      <Modal opened={opened} onClose={close} title={`Revoke ${apiKey.name}?`}>
        <Stack gap="sm">
          <Text size="sm">
            Every request with the key <code>{apiKey.keyPrefix}…</code> is refused from now on, on every replica, and the event streams it
            opened end. It cannot be undone.
          </Text>
          {revoke.isError && <ErrorAlert error={revoke.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
