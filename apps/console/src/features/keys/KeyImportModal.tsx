import { useState } from 'react';
import { Alert, Modal, SegmentedControl, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ModalActions } from '../../components/ModalActions';
import { applyFoldedApiError } from './form-errors';
import { keysKeys } from './keys-api';
import { OwnerSelect } from './OwnerSelect';
import { ownerField } from './ownership';
import type { Key } from './types';

interface Values extends Record<string, unknown> {
  mode: 'jwk' | 'external';
  jwk: string;
  backend: string;
  externalKeyId: string;
  name: string;
  issuerId: string;
}

/** The JWK text as an object, or the reason it is not one. */
function parseJwk(text: string): { jwk?: Record<string, unknown>; error?: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'must be a JSON object (a JWK)' };
    return { jwk: value as Record<string, unknown> };
  } catch {
    return { error: 'is not valid JSON' };
  }
}

/** `POST /api/v1/keys/import`: a private JWK into the local backend, or a link to a key of an external backend. */
export function KeyImportModal({ opened, onClose, defaultOwner }: { opened: boolean; onClose: () => void; defaultOwner: string }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string>();
  const form = useForm<Values>({
    initialValues: { mode: 'jwk', jwk: '', backend: '', externalKeyId: '', name: '', issuerId: defaultOwner },
    validate: {
      jwk: (value, values) => (values.mode === 'jwk' ? (value.trim() ? parseJwk(value).error : 'is required') : undefined),
      backend: (value, values) => (values.mode === 'external' && !value.trim() ? 'is required' : undefined),
      externalKeyId: (value, values) => (values.mode === 'external' && !value.trim() ? 'is required' : undefined),
    },
  });
  const importKey = useMutation({
    mutationFn: (values: Values) => {
      const common = { ...(values.name.trim() ? { name: values.name.trim() } : {}), ...ownerField(values.issuerId) };
      const body =
        values.mode === 'jwk'
          ? { jwk: parseJwk(values.jwk).jwk, ...common }
          : { backend: values.backend.trim(), externalKeyId: values.externalKeyId.trim(), ...common };
      return post<Key>('/keys/import', body);
    },
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: keysKeys.all });
      notifySaved(`Key ${key.name ?? key.keyId} imported`);
      form.reset();
      setMessage(undefined);
      onClose();
    },
    onError: (error) => setMessage(applyFoldedApiError(form, error, ['jwk'])),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Import a key" size="lg">
      <form onSubmit={form.onSubmit((values) => importKey.mutate(values))} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            data={[
              { value: 'jwk', label: 'Private key' },
              { value: 'external', label: 'External key link' },
            ]}
            {...form.getInputProps('mode')}
            aria-label="What to import"
          />
          {form.values.mode === 'jwk' ? (
            <>
              <Alert color="yellow" variant="light">
                The private key is sent to the platform once and stored encrypted in kms; it is never shown again.
              </Alert>
              <Textarea
                label="Private JWK"
                description='JSON with the private part ("d"); "kid" is kept if present'
                rows={6}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                autoComplete="off"
                spellCheck={false}
                {...form.getInputProps('jwk')}
              />
            </>
          ) : (
            <>
              <TextInput
                label="Backend"
                description="A configured provider connection: aws, azure, vault or oci"
                {...form.getInputProps('backend')}
              />
              <TextInput
                label="External key id"
                description="The key's id, ARN or URL at that provider"
                {...form.getInputProps('externalKeyId')}
              />
            </>
          )}
          <TextInput label="Name" description="Optional" {...form.getInputProps('name')} />
          <OwnerSelect
            value={form.values.issuerId}
            onChange={(v) => form.setFieldValue('issuerId', v)}
            error={form.errors.issuerId as string}
          />
          <ModalActions onCancel={onClose} submitLabel="Import" loading={importKey.isPending} message={message} error={importKey.error} />
        </Stack>
      </form>
    </Modal>
  );
}
