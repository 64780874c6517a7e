import { useState } from 'react';
import { Button, Group, TextInput } from '@mantine/core';
import { localInputToIso } from './format';
import type { AuditFilters } from './settings-api';

/** The audit log's filters; applied on submit so that typing does not fetch on every key. */
export function AuditFiltersForm({ onApply }: { onApply: (filters: AuditFilters) => void }) {
  const [issuerId, setIssuerId] = useState('');
  const [actor, setActor] = useState('');
  const [since, setSince] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onApply({ issuerId: issuerId.trim() || undefined, actor: actor.trim() || undefined, since: localInputToIso(since) });
      }}
    >
      <Group align="flex-end" wrap="wrap" gap="sm">
        <TextInput label="Issuer" placeholder="acme" value={issuerId} onChange={(e) => setIssuerId(e.currentTarget.value)} w={180} />
        <TextInput
          label="Actor"
          description="API key id, token subject or admin key id"
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
          w={260}
        />
        <TextInput label="Since" type="datetime-local" value={since} onChange={(e) => setSince(e.currentTarget.value)} w={220} />
        <Button type="submit">Apply filters</Button>
        <Button
          variant="subtle"
          onClick={() => {
            setIssuerId('');
            setActor('');
            setSince('');
            onApply({});
          }}
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}
