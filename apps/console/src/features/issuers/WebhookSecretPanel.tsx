import { useState } from 'react';
import { Alert, Button, Code, CopyButton, DataList, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryState } from '../../components/QueryState';
import { issuerKeys, issuerPath, useWebhookSecret } from './issuers-api';
import type { WebhookSecretStatus } from './types';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * The issuer's webhook signing secret (Standard Webhooks `webhook-signature`). The API never shows a secret again:
 * a rotation answers the new one once, and the previous one keeps signing for 24 h so that receivers can switch.
 */
export function WebhookSecretPanel({ issuerId, canRotate }: { issuerId: string; canRotate: boolean }) {
  const status = useWebhookSecret(issuerId);
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [revealed, setRevealed] = useState<string>();
  const rotate = useMutation({
    mutationFn: () => post<WebhookSecretStatus & { secret: string }>(`${issuerPath(issuerId)}/webhook-secret`),
    onSuccess: ({ secret, ...next }) => {
      setConfirming(false);
      setRevealed(secret);
      queryClient.setQueryData(issuerKeys.webhookSecret(issuerId), next);
    },
  });
  return (
    <QueryState query={status}>
      {(data) => (
        <Stack gap="md" maw={720}>
          <Text size="sm" c="dimmed">
            Webhook deliveries of this issuer are signed with this secret (header webhook-signature, Standard Webhooks), so receivers can
            check that they come from the platform.
          </Text>
          <Paper withBorder p="md">
            {data ? (
              <DataList labelWidth={200}>
                {[
                  ['Created', when(data.createdAt)],
                  ['Last rotated', when(data.rotatedAt)],
                  ['Previous secret signs until', when(data.previousSecretActiveUntil)],
                ].map(([label, value]) => (
                  <DataList.Item key={label}>
                    <DataList.ItemLabel>{label}</DataList.ItemLabel>
                    <DataList.ItemValue>{value}</DataList.ItemValue>
                  </DataList.Item>
                ))}
              </DataList>
            ) : (
              <Text size="sm">
                No signing secret yet: one is made at the first webhook delivery, or create it here to configure your receiver first.
              </Text>
            )}
          </Paper>
          {revealed && (
            <Alert color="green" title="New signing secret: copy it now, it is not shown again" data-testid="new-webhook-secret">
              <Group gap="sm" wrap="nowrap" align="center">
                <Code style={{ wordBreak: 'break-all' }}>{revealed}</Code>
                <CopyButton value={revealed}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Alert>
          )}
          {canRotate && (
            <Group>
              <Button leftSection={<IconKey size={16} />} onClick={() => setConfirming(true)}>
                {data ? 'Rotate secret' : 'Create secret'}
              </Button>
            </Group>
          )}
          <Modal
            opened={confirming}
            onClose={() => setConfirming(false)}
            title={data ? 'Rotate the signing secret?' : 'Create a signing secret?'}
          >
            <Stack gap="sm">
              <Text size="sm">
                {data
                  ? 'A new secret signs every delivery from now on. The current one keeps signing as well for 24 hours: update your receivers within that time.'
                  : 'The secret is shown once after it is made.'}
              </Text>
              {rotate.isError && <ErrorAlert error={rotate.error} />}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
                <Button color={data ? 'orange' : undefined} loading={rotate.isPending} onClick={() => rotate.mutate()}>
                  {data ? 'Rotate' : 'Create'}
                </Button>
              </Group>
            </Stack>
          </Modal>
        </Stack>
      )}
    </QueryState>
  );
}
