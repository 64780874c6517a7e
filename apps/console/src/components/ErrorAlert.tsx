import { Alert, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { ApiError } from '../api/api-error';

/** An error shown where it happened: the API's title and detail, and the fields it named when no form shows them. */
export function ErrorAlert({ error, title, showFields = true }: { error: unknown; title?: string; showFields?: boolean }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} title={title ?? apiError?.title ?? 'Something went wrong'} role="alert">
      {apiError ? apiError.detail : (error as Error).message}
      {showFields && apiError && apiError.errors.length > 0 && (
        <List size="sm" mt="xs">
          {apiError.errors.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>
              <code>{e.path || '(body)'}</code>: {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
