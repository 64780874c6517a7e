import { Alert, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError } from '../../api/api-error';
import { JsonEditor } from '../../components/JsonEditor';

export interface ProfileJsonPanelProps {
  value: string;
  onChange: (text: string) => void;
  schema?: Record<string, unknown>;
  /** Why the text is not taken into the form (not JSON, not an object). */
  parseError?: string;
  /** The last refused save: its field problems are listed here by path, also those no form field shows. */
  saveError?: unknown;
}

/** The whole Profile as JSON, checked against the API's own schema while typing. */
export function ProfileJsonPanel({ value, onChange, schema, parseError, saveError }: ProfileJsonPanelProps) {
  const problems = saveError instanceof ApiError ? saveError.errors : [];
  return (
    <Stack gap="xs">
      <JsonEditor
        label="Profile (JSON)"
        description="The full request body, checked against the API's schema as you type (selective disclosure, display, issuance and the other members without a form field are edited here). It follows the form, and the form follows it."
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
