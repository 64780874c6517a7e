import { Alert, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError } from '../api/api-error';
import { JsonEditor } from './JsonEditor';

export interface FormJsonPanelProps {
  /** The editor's label, also its accessible name ("IssuerConfig (JSON)"). */
  label: string;
  description: string;
  value: string;
  onChange: (text: string) => void;
  schema?: Record<string, unknown>;
  /** Why the text is not taken into the form (not JSON, not an object). */
  parseError?: string;
  /** The last refused save: its field problems are listed here by path, also those no form field shows. */
  saveError?: unknown;
}

/** A whole request body as JSON, checked against the API's own schema while typing, with the last save's problems. */
export function FormJsonPanel({ label, description, value, onChange, schema, parseError, saveError }: FormJsonPanelProps) {
  const problems = saveError instanceof ApiError ? saveError.errors : [];
  return (
    <Stack gap="xs">
      <JsonEditor
        label={label}
        description={description}
        value={value}
        onChange={onChange}
        schema={schema}
        error={parseError}
        height="560px"
      />
      {problems.length > 0 && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Refused by the API at these paths" data-testid="json-problems">
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={`${p.path}:${p.message}`}>
                <code>{p.path || '(body)'}</code>: {p.message}
              </List.Item>
            ))}
          </List>
          <Text size="xs" c="dimmed" mt={4}>
            From the last save; fix them in the form or here and save again.
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
