import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { ApiError } from './api-error';

/**
 * Shows an API refusal on the form that caused it: field errors at their fields (the API's `errors[].path`, with
 * `pathPrefix` removed when the form edits a part of the body), anything else as the form's general error.
 * The form's values stay as they were: nothing typed is lost when a save fails.
 */
export function applyApiError<T extends Record<string, unknown>>(
  form: UseFormReturnType<T>,
  error: unknown,
  pathPrefix = '',
): string | undefined {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors(pathPrefix);
    const known = Object.keys(fields).filter((path) => path !== '');
    if (known.length > 0) form.setErrors(fields);
    return known.length > 0 ? `${error.title}: see the fields marked in red` : (error.detail ?? error.title);
  }
  return (error as Error).message;
}

export function notifySaved(message: string): void {
  notifications.show({ color: 'green', message, autoClose: 3000 });
}
