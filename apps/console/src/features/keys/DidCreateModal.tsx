import { useState } from 'react';
import { Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client';
import { applyApiError, notifySaved } from '../../api/use-api-form';
import { ModalActions } from '../../components/ModalActions';
import { KeyPicker } from './KeyPicker';
import { keysKeys } from './keys-api';
import { OwnerSelect } from './OwnerSelect';
import { ownerField } from './ownership';

interface Values extends Record<string, unknown> {
  method: 'key' | 'jwk' | 'web';
  keyId: string;
  path: string;
  issuerId: string;
}

/** `POST /api/v1/dids`: a did:key, did:jwk or did:web for a kms key. */
export function DidCreateModal({ opened, onClose, defaultOwner }: { opened: boolean; onClose: () => void; defaultOwner: string }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string>();
  const form = useForm<Values>({
    initialValues: { method: 'jwk', keyId: '', path: '', issuerId: defaultOwner },
    validate: { keyId: (value) => (value ? undefined : 'choose a key') },
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      post<{ did: string }>('/dids', {
        method: v.method,
        keyId: v.keyId,
        ...(v.method === 'web' && v.path.trim() ? { path: v.path.trim() } : {}),
        ...ownerField(v.issuerId),
      }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: keysKeys.dids });
      void queryClient.invalidateQueries({ queryKey: keysKeys.all });
      notifySaved(`Created ${created.did}`);
      form.reset();
      setMessage(undefined);
      onClose();
    },
    onError: (error) => setMessage(applyApiError(form, error)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Create a DID" size="lg">
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={500} id="did-method-label">
              Method
            </Text>
            <SegmentedControl
              aria-labelledby="did-method-label"
              data={[
                { value: 'jwk', label: 'did:jwk' },
                { value: 'key', label: 'did:key' },
                { value: 'web', label: 'did:web' },
              ]}
              {...form.getInputProps('method')}
            />
          </div>
          <OwnerSelect
            value={form.values.issuerId}
            onChange={(v) => {
              form.setFieldValue('issuerId', v);
              form.setFieldValue('keyId', '');
            }}
            error={form.errors.issuerId as string}
          />
          <KeyPicker
            owner={form.values.issuerId}
            value={form.values.keyId}
            onChange={(v) => form.setFieldValue('keyId', v)}
            error={form.errors.keyId as string}
          />
          {form.values.method === 'web' && (
            <TextInput
              label="Path"
              description="Empty: did:web:<host> (served at /.well-known/did.json); a path p gives did:web:<host>:dids:p (served at /dids/p/did.json)"
              {...form.getInputProps('path')}
            />
          )}
          <ModalActions onCancel={onClose} submitLabel="Create" loading={create.isPending} message={message} error={create.error} />
        </Stack>
      </form>
    </Modal>
  );
}
