import { useState } from 'react';
import { Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client';
import { applyApiError, notifySaved } from '../../api/use-api-form';
import { ModalActions } from '../../components/ModalActions';
import { keysKeys } from './keys-api';
import { OwnerSelect } from './OwnerSelect';
import { ownerField } from './ownership';
import { KEY_TYPES, type Key } from './types';

interface Values extends Record<string, unknown> {
  type: string;
  backend: string;
  name: string;
  issuerId: string;
}

/** `POST /api/v1/keys`: a new key made in kms (the private part never leaves it). */
export function KeyCreateModal({ opened, onClose, defaultOwner }: { opened: boolean; onClose: () => void; defaultOwner: string }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string>();
  const form = useForm<Values>({ initialValues: { type: 'secp256r1', backend: 'local', name: '', issuerId: defaultOwner } });
  const create = useMutation({
    mutationFn: (values: Values) =>
      post<Key>('/keys', {
        type: values.type,
        ...(values.backend.trim() && values.backend.trim() !== 'local' ? { backend: values.backend.trim() } : {}),
        ...(values.name.trim() ? { name: values.name.trim() } : {}),
        ...ownerField(values.issuerId),
      }),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: keysKeys.all });
      notifySaved(`Key ${key.name ?? key.keyId} created`);
      form.reset();
      setMessage(undefined);
      onClose();
    },
    onError: (error) => setMessage(applyApiError(form, error)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Create a key">
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack gap="sm">
          <Select label="Type" data={[...KEY_TYPES]} allowDeselect={false} required {...form.getInputProps('type')} />
          <TextInput
            label="Backend"
            description="local (kms database, encrypted) or a configured provider connection: aws, azure, vault, oci"
            {...form.getInputProps('backend')}
          />
          <TextInput label="Name" description="Optional, to recognise the key in lists" {...form.getInputProps('name')} />
          <OwnerSelect
            value={form.values.issuerId}
            onChange={(v) => form.setFieldValue('issuerId', v)}
            error={form.errors.issuerId as string}
          />
          <ModalActions onCancel={onClose} submitLabel="Create" loading={create.isPending} message={message} error={create.error} />
        </Stack>
      </form>
    </Modal>
  );
}
