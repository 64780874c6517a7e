import { useState } from 'react';
import { Alert, Button, Card, Code, Group, ScrollArea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { get } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { DidResolution } from './types';

/** Resolves any did:key, did:jwk or did:web (`GET /api/v1/dids/resolve`) and shows its document. */
export function DidResolver({ initial }: { initial?: string }) {
  const [did, setDid] = useState(initial ?? '');
  const resolve = useMutation({ mutationFn: (value: string) => get<DidResolution>('/dids/resolve', { did: value }) });
  const result = resolve.data;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="resolve-title">
      <Title order={4} id="resolve-title" mb="sm">
        Resolve a DID
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (did.trim()) resolve.mutate(did.trim());
        }}
      >
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label="DID"
            placeholder="did:web:example.com"
            value={did}
            onChange={(e) => setDid(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={resolve.isPending} disabled={!did.trim()}>
            Resolve
          </Button>
        </Group>
      </form>
      {resolve.isError && <ErrorAlert error={resolve.error} />}
      {result?.didResolutionMetadata.error && (
        <Alert color="red" mt="sm" title="Not resolved" role="alert">
          {String(result.didResolutionMetadata.error)}
          {typeof result.didResolutionMetadata.message === 'string' ? `: ${result.didResolutionMetadata.message}` : ''}
        </Alert>
      )}
      {result?.didDocument && (
        <ScrollArea.Autosize mah={420} mt="sm">
          <Code block data-testid="did-document">
            {JSON.stringify(result.didDocument, null, 2)}
          </Code>
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}
