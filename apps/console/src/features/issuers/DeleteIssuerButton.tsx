import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { del } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { issuersQueryKey } from '../../api/use-issuers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { issuerKeys, issuerPath } from './issuers-api';

/**
 * Deletes the issuer after the id is typed again: the delete takes its profiles, sessions, login users and webhook
 * secret with it (the database cascades), and wallets holding its offers can no longer redeem them.
 */
export function DeleteIssuerButton({ issuerId }: { issuerId: string }) {
  const [opened, setOpened] = useState(false);
  const [typed, setTyped] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => del(issuerPath(issuerId)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: issuerKeys.one(issuerId) });
      void queryClient.invalidateQueries({ queryKey: issuersQueryKey, exact: true });
      notifySaved(`Issuer ${issuerId} deleted`);
      navigate('/issuers');
    },
  });
  const close = () => {
    setOpened(false);
    setTyped('');
    remove.reset();
  };
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setOpened(true)}>
        Delete
      </Button>
      <Modal opened={opened} onClose={close} title={`Delete issuer ${issuerId}?`}>
        <Stack gap="sm">
          <Text size="sm">
            This deletes the issuer with its profiles, sessions, login users and webhook secret. Open offers stop working and its metadata
            disappears for wallets. It cannot be undone.
          </Text>
          <TextInput
            label={`Type ${issuerId} to confirm`}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" disabled={typed !== issuerId} loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete issuer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
