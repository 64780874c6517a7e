import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { put, seg } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keys, sessionPath } from './session-api';
import type { CredentialStatusValue } from './types';

/** What the operator is about to do, in the words the buttons use. */
export const STATUS_ACTIONS: Record<CredentialStatusValue, { verb: string; color: string; effect: string }> = {
  REVOKED: {
    verb: 'Revoke',
    color: 'red',
    effect: 'Verifiers will see it as revoked. This is final: a revoked credential cannot be reinstated.',
  },
  SUSPENDED: { verb: 'Suspend', color: 'yellow', effect: 'Verifiers will see it as suspended until it is reinstated.' },
  VALID: { verb: 'Reinstate', color: 'green', effect: 'Verifiers will see it as valid again.' },
};

export type StatusTarget = { credentialId: string } | { session: true };

export interface StatusChange {
  target: StatusTarget;
  status: CredentialStatusValue;
}

/** The confirmation step of a status change (PUT …/status), with the API's refusal shown in place (e.g. 409). */
export function StatusChangeModal({
  issuerId,
  sessionId,
  change,
  onClose,
}: {
  issuerId: string;
  sessionId: string;
  change?: StatusChange;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ target, status }: StatusChange) =>
      put(
        'credentialId' in target
          ? `/issuers/${seg(issuerId)}/credentials/${seg(target.credentialId)}/status`
          : `${sessionPath(issuerId, sessionId)}/status`,
        { status },
      ),
    onSuccess: (_answer, { status }) => {
      notifications.show({ color: 'green', message: `Status set to ${status}`, autoClose: 3000 });
      void queryClient.invalidateQueries({ queryKey: keys.session(issuerId, sessionId) });
      close();
    },
  });
  const close = () => {
    mutation.reset();
    onClose();
  };
  const action = change && STATUS_ACTIONS[change.status];
  const whole = change && !('credentialId' in change.target);
  return (
    <Modal
      opened={Boolean(change)}
      onClose={close}
      title={action && `${action.verb} ${whole ? 'every credential of this session' : 'this credential'}?`}
      centered
    >
      {change && action && (
        <Stack gap="md">
          {'credentialId' in change.target && (
            <Text size="sm">
              Credential <code>{change.target.credentialId}</code>
            </Text>
          )}
          <Text size="sm">{action.effect}</Text>
          <ErrorAlert error={mutation.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color={action.color} loading={mutation.isPending} onClick={() => mutation.mutate(change)} data-autofocus>
              Confirm
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
