import { useState } from 'react';
import { Modal, MultiSelect, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client';
import { useIssuers } from '../../api/use-issuers';
import { applyApiError } from '../../api/use-api-form';
import { ROLES } from '../../auth/roles';
import { ModalActions } from '../../components/ModalActions';
import { localInputToIso } from './format';
import { NewApiKeySecret } from './NewApiKeySecret';
import { settingsKeys } from './settings-api';
import type { ApiKey } from './types';

interface Values extends Record<string, unknown> {
  name: string;
  roles: string[];
  everyIssuer: boolean;
  issuers: string[];
  expiresAt: string;
}

const ROLE_HELP: Record<string, string> = {
  'platform-admin': 'platform-admin — everything (every issuer only)',
  'issuer-admin': 'issuer-admin — configuration, profiles, keys of its issuers',
  'offer-manager': 'offer-manager — create offers, read sessions',
  'status-manager': 'status-manager — revoke / suspend credentials',
  viewer: 'viewer — read only',
};

/** `POST /api/v1/api-keys`; then the new key, once, with a copy button. */
export function ApiKeyCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string>();
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const issuers = useIssuers({ enabled: opened });
  const form = useForm<Values>({
    initialValues: { name: '', roles: [], everyIssuer: false, issuers: [], expiresAt: '' },
    validate: {
      name: (v) => (v.trim() ? undefined : 'is required'),
      roles: (v) => (v.length ? undefined : 'choose at least one role'),
      issuers: (v, values) => (values.everyIssuer || v.length ? undefined : 'name at least one issuer, or choose every issuer'),
    },
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      post<ApiKey & { key: string }>('/api-keys', {
        name: v.name.trim(),
        roles: v.roles,
        issuers: v.everyIssuer ? ['*'] : v.issuers,
        ...(localInputToIso(v.expiresAt) ? { expiresAt: localInputToIso(v.expiresAt) } : {}),
      }),
    onSuccess: (answer) => {
      void queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys });
      setCreated({ name: answer.name, key: answer.key });
      setMessage(undefined);
      form.reset();
    },
    onError: (error) => setMessage(applyApiError(form, error)),
  });
  const close = () => {
    setCreated(undefined);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'API key created' : 'Create an API key'}
      size="lg"
      closeOnClickOutside={!created}
    >
      {created ? (
        <NewApiKeySecret name={created.name} secret={created.key} onDone={close} />
      ) : (
        <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
          <Stack gap="sm">
            <TextInput label="Name" description="Who or what uses it, e.g. CI pipeline" required {...form.getInputProps('name')} />
            <MultiSelect
              label="Roles"
              data={ROLES.map((role) => ({ value: role, label: ROLE_HELP[role] ?? role }))}
              required
              {...form.getInputProps('roles')}
            />
            <Switch label="Every issuer (*), present and future" {...form.getInputProps('everyIssuer', { type: 'checkbox' })} />
            {!form.values.everyIssuer && (
              <TagsInput
                label="Issuers"
                description="Issuer ids; they need not exist yet (a team may create its issuer)"
                data={(issuers.data?.items ?? []).map((i) => i.id)}
                required
                {...form.getInputProps('issuers')}
              />
            )}
            <TextInput label="Expires" description="Optional; empty: never" type="datetime-local" {...form.getInputProps('expiresAt')} />
            <ModalActions onCancel={close} submitLabel="Create" loading={create.isPending} message={message} error={create.error} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
