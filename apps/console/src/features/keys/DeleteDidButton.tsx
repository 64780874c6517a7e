import { useState } from 'react';
import { Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { del, seg } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keysKeys } from './keys-api';

/** Deletes a DID after a confirmation (a did:web document stops being served; the key stays). */
export function DeleteDidButton({ did }: { did: string }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const remove = useMutation({
    mutationFn: () => del(`/dids/${seg(did)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keysKeys.dids });
      void queryClient.invalidateQueries({ queryKey: keysKeys.all });
      notifySaved('DID deleted');
      setOpened(false);
    },
  });
  const close = () => {
    setOpened(false);
    remove.reset();
  };
  return (
    <>
      <Button size="compact-sm" variant="light" color="red" onClick={() => setOpened(true)} aria-label={`Delete ${did}`}>
        Delete
      </Button>
      <Modal opened={opened} onClose={close} title="Delete this DID?">
        <Stack gap="sm">
          <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {did}
          </Code>
          <Text size="sm">
            Credentials that name it as issuer can no longer be verified through it once it stops resolving (a did:web document is no longer
            served). The key is not deleted.
          </Text>
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              Delete DID
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
