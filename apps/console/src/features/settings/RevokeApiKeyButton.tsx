import { Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { del, seg } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ConfirmDeleteButton } from '../../components/ConfirmDeleteButton';
import { settingsKeys } from './settings-api';
import type { ApiKey } from './types';

/** Revokes a key after a confirmation: refused at once on every replica, and its open event streams end. */
export function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDeleteButton
      label="Revoke"
      aria-label={`Revoke ${apiKey.name}`}
      title={`Revoke ${apiKey.name}?`}
      confirmLabel="Revoke key"
      action={() => del(`/api-keys/${seg(apiKey.apiKeyId)}`)}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys });
        notifySaved(`API key ${apiKey.name} revoked`);
      }}
    >
      <Text size="sm">
        Every request with the key <code>{apiKey.keyPrefix}…</code> is refused from now on, on every replica, and the event streams it
        opened end. It cannot be undone.
      </Text>
    </ConfirmDeleteButton>
  );
}
