import { useState } from 'react';
import { Button, Group, JsonInput, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error';
import { post, put, seg } from '../../api/client';
import { applyApiError } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { issuerPath } from './issuers-api';
import type { IssuerUser } from './types';

type Values = { username: string; password: string; claims: string };

export interface UserFormModalProps {
  issuerId: string;
  /** The user edited; `undefined` creates one. */
  user?: IssuerUser;
  onClose: () => void;
  onSaved: (user: IssuerUser) => void;
}

/** Reads the claims field: a JSON object, or the message shown at the field. */
function parseClaims(text: string): { claims: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { claims: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { claims: value as Record<string, unknown> };
  } catch {
    return { error: 'Not valid JSON' };
  }
  return { error: 'Must be a JSON object, e.g. {"given_name": "Erika"}' };
}

/**
 * Creates or edits a user of the issuer's PASSWORD login (API.md §11). The password goes in and never comes back;
 * when editing, an empty password keeps the current one. The modal stays open with every value on a refusal.
 */
export function UserFormModal({ issuerId, user, onClose, onSaved }: UserFormModalProps) {
  const editing = user !== undefined;
  const form = useForm<Values>({
    initialValues: { username: user?.username ?? '', password: '', claims: JSON.stringify(user?.claims ?? {}, null, 2) },
  });
  const [message, setMessage] = useState<string>();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing
        ? put<IssuerUser>(`${issuerPath(issuerId)}/users/${seg(user.username)}`, body)
        : post<IssuerUser>(`${issuerPath(issuerId)}/users`, body),
  });

  const submit = (values: Values) => {
    const parsed = parseClaims(values.claims);
    if ('error' in parsed) {
      form.setFieldError('claims', parsed.error);
      return;
    }
    setMessage(undefined);
    const body = editing
      ? { ...(values.password ? { password: values.password } : {}), claims: parsed.claims }
      : { username: values.username, password: values.password, claims: parsed.claims };
    save.mutate(body, {
      onSuccess: onSaved,
      onError: (error) => {
        setMessage(applyApiError(form, error));
        // Problems inside the claims object (claims.x) are shown at the claims field.
        const nested = error instanceof ApiError ? error.errors.filter((e) => e.path.startsWith('claims.')) : [];
        if (nested.length) form.setFieldError('claims', nested.map((e) => `${e.path.slice('claims.'.length)}: ${e.message}`).join('; '));
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={editing ? `Edit user ${user.username}` : 'New login user'} size="lg">
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Username"
            required={!editing}
            disabled={editing}
            description="Letters, digits and . _ @ + -"
            autoComplete="off"
            {...form.getInputProps('username')}
          />
          <PasswordInput
            label="Password"
            required={!editing}
            description={editing ? 'Empty: keep the current password. A new one also lifts a lockout.' : 'At least 12 characters'}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <JsonInput
            label="Claims (JSON)"
            description="Login claims of the user, mapped into credentials by the profile's idTokenClaimsMapping (username is added)"
            rows={7}
            resize="vertical"
            formatOnBlur
            {...form.getInputProps('claims')}
          />
          {message && <ErrorAlert error={new Error(message)} title="Not saved" showFields={false} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {editing ? 'Save user' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
