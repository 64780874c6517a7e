import { Code, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { del, seg } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ConfirmDeleteButton } from '../../components/ConfirmDeleteButton';
import { keysKeys } from './keys-api';

/** Deletes a DID after a confirmation (a did:web document stops being served; the key stays). */
export function DeleteDidButton({ did }: { did: string }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDeleteButton
      label="Delete"
      aria-label={`Delete ${did}`}
      title="Delete this DID?"
      confirmLabel="Delete DID"
      action={() => del(`/dids/${seg(did)}`)}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: keysKeys.dids });
        void queryClient.invalidateQueries({ queryKey: keysKeys.all });
        notifySaved('DID deleted');
      }}
    >
      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {did}
      </Code>
      <Text size="sm">
        Credentials that name it as issuer can no longer be verified through it once it stops resolving (a did:web document is no longer
        served). The key is not deleted.
      </Text>
    </ConfirmDeleteButton>
  );
}
