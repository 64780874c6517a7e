import type { UseFormReturnType } from '@mantine/form';
import { ApiError } from '../../api/api-error';
import { applyApiError } from '../../api/use-api-form';

/**
 * applyApiError, for forms that edit a structured value as one field: errors the API names below such a field
 * (`jwk.d`, `subjectAlternativeNames.uris.1`) are shown at that field, prefixed with the rest of their path (`d: …`,
 * `line 2: …`).
 */
export function applyFoldedApiError<T extends Record<string, unknown>>(
  form: UseFormReturnType<T>,
  error: unknown,
  fields: string[],
): string | undefined {
  const message = applyApiError(form, error);
  if (!(error instanceof ApiError)) return message;
  const errors: Record<string, string> = {};
  for (const [path, text] of Object.entries(error.fieldErrors())) {
    const field = fields.find((f) => path.startsWith(`${f}.`));
    const key = field ?? path;
    const rest = field ? path.slice(field.length + 1) : '';
    // A list edited one entry per line: `uris.1` is the second line.
    const where = /^\d+$/.test(rest) ? `line ${Number(rest) + 1}` : rest;
    const line = field ? `${where}: ${text}` : text;
    errors[key] = errors[key] ? `${errors[key]}; ${line}` : line;
  }
  if (Object.keys(errors).some((path) => path !== '')) form.setErrors(errors);
  return message;
}
