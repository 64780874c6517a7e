import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ErrorAlert } from './ErrorAlert';

export interface ConfirmDeleteButtonProps {
  /** The row's button text ("Delete", "Revoke"). */
  label: string;
  /** The row's button accessible name ("Delete did:key:…"). */
  'aria-label': string;
  /** The dialog's title ("Delete this DID?"). */
  title: string;
  /** The dialog's red button ("Delete DID"). */
  confirmLabel: string;
  /** The request, sent when confirmed. */
  action: () => Promise<unknown>;
  /** After the request succeeded, before the dialog closes (caches, notification). */
  onDone: () => void;
  /** What the dialog says will happen. */
  children: ReactNode;
}

/** A small red button in a list row that deletes (revokes) after a confirmation dialog; a refusal is shown in the dialog. */
export function ConfirmDeleteButton({ label, title, confirmLabel, action, onDone, children, ...rest }: ConfirmDeleteButtonProps) {
  const [opened, setOpened] = useState(false);
  const remove = useMutation({
    mutationFn: action,
    onSuccess: () => {
      onDone();
      setOpened(false);
    },
  });
  const close = () => {
    setOpened(false);
    remove.reset();
  };
  return (
    <>
      <Button size="compact-sm" variant="light" color="red" onClick={() => setOpened(true)} aria-label={rest['aria-label']}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title}>
        <Stack gap="sm">
          {children}
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
