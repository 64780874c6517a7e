import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { del, seg } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keys, sessionPath } from './session-api';

/** Deletes the session's personal data (API.md §7 DELETE): the session then answers 404, so the page leaves. */
export function PurgeSessionButton({ issuerId, sessionId }: { issuerId: string; sessionId: string }) {
  const [opened, setOpened] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const purge = useMutation({
    mutationFn: () => del(sessionPath(issuerId, sessionId)),
    onSuccess: () => {
      notifications.show({ color: 'green', message: `Session ${sessionId} purged`, autoClose: 4000 });
      queryClient.removeQueries({ queryKey: keys.session(issuerId, sessionId) });
      void queryClient.invalidateQueries({ queryKey: keys.list(issuerId) });
      navigate(`/issuers/${seg(issuerId)}/sessions`);
    },
  });
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setOpened(true)}>
        Purge personal data
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Purge this session?" centered>
        <Stack gap="md">
          <Text size="sm">
            The session, its events and its webhook deliveries are deleted, with the personal data they hold. The offer stops working.
            Issued credentials keep their status list entries, so they can still be revoked through their ids. This cannot be undone.
          </Text>
          <ErrorAlert error={purge.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color="red" loading={purge.isPending} onClick={() => purge.mutate()}>
              Purge
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
