import { Select } from '@mantine/core';
import { useAuth } from '../../auth/AuthProvider';
import { useIssuerIds } from './keys-api';
import { ownerOptions } from './ownership';

/** Picks who the new resource belongs to: an issuer the principal administers, or the platform. */
export function OwnerSelect(props: { value: string; onChange: (owner: string) => void; error?: string; description?: string }) {
  const { principal } = useAuth();
  const issuers = useIssuerIds();
  const data = ownerOptions(principal, issuers.data ?? []);
  return (
    <Select
      label="Owner"
      description={props.description ?? 'Only the owner (and platform-admin) can see and use it'}
      data={data}
      value={props.value}
      onChange={(value) => props.onChange(value ?? '')}
      allowDeselect={false}
      error={props.error}
      placeholder={issuers.isPending ? 'Loading issuers…' : undefined}
      required
    />
  );
}
