import { Select } from '@mantine/core';
import { useAuth } from '../../auth/AuthProvider';
import { useKeys } from './keys-api';
import { usableBy } from './ownership';
import type { Key } from './types';

const label = (key: Key) =>
  `${key.name ?? 'Unnamed'} · ${key.type} · ${key.keyId.slice(0, 8)}${key.issuerId ? '' : ' (platform)'}${key.status === 'DISABLED' ? ' (disabled)' : ''}`;

/** Picks a key that a resource of `owner` may name: the owner's, or the platform's for platform-admin. */
export function KeyPicker(props: {
  owner: string;
  value: string;
  onChange: (keyId: string) => void;
  error?: string;
  description?: string;
  filter?: (key: Key) => boolean;
  /** False: the field may stay empty (it can be cleared). */
  required?: boolean;
}) {
  const required = props.required ?? true;
  const { principal } = useAuth();
  const keys = useKeys();
  const usable = usableBy(keys.data ?? [], props.owner, principal).filter(props.filter ?? (() => true));
  return (
    <Select
      label="Key"
      description={props.description}
      data={usable.map((k) => ({ value: k.keyId, label: label(k) }))}
      value={props.value || null}
      onChange={(value) => props.onChange(value ?? '')}
      searchable
      required={required}
      clearable={!required}
      error={props.error}
      placeholder={
        keys.isPending ? 'Loading keys…' : usable.length ? (required ? 'Choose a key' : 'None') : 'No usable key: create one under Keys'
      }
      nothingFoundMessage="No such key"
    />
  );
}
