import { Select } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { seg } from '../../api/client';
import { issuerName, type IssuerItem } from './use-issuer-list';

/** Switches the sessions list to another issuer (each issuer has its own sessions). */
export function IssuerPicker({ issuers, issuerId }: { issuers: IssuerItem[]; issuerId?: string }) {
  const navigate = useNavigate();
  return (
    <Select
      label="Issuer"
      placeholder="Choose an issuer"
      data={issuers.map((i) => ({ value: i.id, label: issuerName(i) }))}
      value={issuerId ?? null}
      onChange={(value) => value && navigate(`/issuers/${seg(value)}/sessions`)}
      allowDeselect={false}
      searchable
      w={280}
    />
  );
}
