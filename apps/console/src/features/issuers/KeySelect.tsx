import { Select } from '@mantine/core';
import type { Key } from './types';

export interface KeySelectProps {
  label: string;
  description: string;
  value: string | undefined;
  onChange: (keyId: string | undefined) => void;
  keys: Key[] | undefined;
  /** The issuer the keys are for: its own keys are offered, and the platform's when the principal may use them. */
  issuerId: string;
  platformKeys: boolean;
  error?: string;
  loading?: boolean;
}

const keyLabel = (key: Key) =>
  `${key.name ?? 'Unnamed'} · ${key.type} · ${key.alg} · ${key.keyId.slice(0, 8)}${key.status === 'DISABLED' ? ' (disabled)' : ''}`;

/**
 * Picks a kms key by name. Only keys the API would accept are offered (API.md §13: the issuer's own, or the
 * platform's for platform-admin); a key already set but not offered stays selectable so that nothing is lost.
 */
export function KeySelect({ label, description, value, onChange, keys, issuerId, platformKeys, error, loading }: KeySelectProps) {
  const own = (keys ?? []).filter((k) => k.issuerId !== undefined && k.issuerId === issuerId);
  const platform = platformKeys ? (keys ?? []).filter((k) => k.issuerId === undefined) : [];
  const offered = new Set([...own, ...platform].map((k) => k.keyId));
  const data = [
    ...(own.length ? [{ group: `Keys of ${issuerId}`, items: own.map((k) => ({ value: k.keyId, label: keyLabel(k) })) }] : []),
    ...(platform.length ? [{ group: 'Platform keys', items: platform.map((k) => ({ value: k.keyId, label: keyLabel(k) })) }] : []),
    ...(value && !offered.has(value) ? [{ group: 'Set in the configuration', items: [{ value, label: value }] }] : []),
  ];
  return (
    <Select
      label={label}
      description={description}
      placeholder={loading ? 'Loading keys…' : data.length ? 'None' : 'No key available: create one under Keys'}
      data={data}
      value={value ?? null}
      onChange={(next) => onChange(next ?? undefined)}
      clearable
      searchable
      nothingFoundMessage="No such key"
      error={error}
    />
  );
}
