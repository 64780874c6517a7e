import { useState } from 'react';
import { ActionIcon, Button, Group, Input, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

type Row = { source: string; destination: string };

export interface ClaimsMappingRowsProps {
  value: Record<string, string> | undefined;
  onChange: (value: Record<string, string> | undefined) => void;
  /** The API's errors, keyed by the path after `idTokenClaimsMapping.` (the login claim path). */
  errors: Record<string, string>;
}

const rowsOf = (value: Record<string, string> | undefined): Row[] =>
  Object.entries(value ?? {}).map(([source, destination]) => ({ source, destination }));

/** The mapping the rows stand for: rows without a login claim are not sent (yet), the last of two equal claims wins. */
const mappingOf = (rows: Row[]): Record<string, string> | undefined => {
  const entries = rows.filter((r) => r.source.trim() !== '').map((r) => [r.source, r.destination] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
};

/**
 * `idTokenClaimsMapping`: which login claim (JSONPath into the ID token, userinfo or the user's claims) fills which
 * member of the credential data (API.md §11). The rows are kept as typed (a half-typed row is not lost) and follow the
 * value when it changes elsewhere (the JSON editor).
 */
export function ClaimsMappingRows({ value, onChange, errors }: ClaimsMappingRowsProps) {
  const serialized = JSON.stringify(value ?? {});
  const [state, setState] = useState(() => ({ rows: rowsOf(value), basis: serialized }));
  if (state.basis !== serialized) setState({ rows: rowsOf(value), basis: serialized });

  const update = (rows: Row[]) => {
    const next = mappingOf(rows);
    setState({ rows, basis: JSON.stringify(next ?? {}) });
    onChange(next);
  };
  const edit = (index: number, change: Partial<Row>) => update(state.rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <Input.Wrapper
      label="Login claims into the credential data (idTokenClaimsMapping)"
      description="Each login claim (e.g. $.given_name) replaces a member that exists in the credential data (e.g. $.given_name, $.address.locality)."
    >
      <Stack gap="xs" mt={6}>
        {state.rows.length === 0 && (
          <Text size="sm" c="dimmed">
            No mapping: the credential data is issued as it is.
          </Text>
        )}
        {state.rows.map((row, index) => (
          // Rows have no identity of their own: their position is what the user edits.
          <Group key={index} align="flex-start" wrap="nowrap" gap="xs">
            <TextInput
              style={{ flex: 1 }}
              label={`Login claim ${index + 1}`}
              placeholder="$.given_name"
              value={row.source}
              onChange={(event) => edit(index, { source: event.currentTarget.value })}
              error={errors[row.source]}
            />
            <TextInput
              style={{ flex: 1 }}
              label={`Credential data member ${index + 1}`}
              placeholder="$.given_name"
              value={row.destination}
              onChange={(event) => edit(index, { destination: event.currentTarget.value })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={28}
              aria-label={`Remove mapping ${index + 1}`}
              onClick={() => update(state.rows.filter((_, i) => i !== index))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setState({ ...state, rows: [...state.rows, { source: '', destination: '' }] })}
          >
            Add login claim
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
