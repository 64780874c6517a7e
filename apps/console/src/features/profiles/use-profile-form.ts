import type { ChangeEvent } from 'react';
import type { UseFormReturnType } from '@mantine/form';
import { replaceAll } from '../../components/form-json';
import { getIn, setIn } from './profile-body';
import type { ProfileBody } from './types';

/**
 * The profile editor's form (ProfileEditor.tsx, useFormJsonSync): its values are the Profile itself, so the API's error
 * paths such as `notifications.webhook.url` are the form's field paths.
 */
export type ProfileForm = UseFormReturnType<ProfileBody>;

/** Sets a (possibly nested) member of the body, creating or pruning the objects on the way, and clears its error. */
export function setMember(form: ProfileForm, path: string, value: unknown): void {
  const previous = form.getValues();
  form.setValues(replaceAll(previous, setIn(previous, path, value)));
  // The API's errors about this member and its parts no longer describe what is there.
  const errors = Object.entries(form.errors).filter(([key]) => !isUnder(key, path));
  if (errors.length !== Object.keys(form.errors).length) form.setErrors(Object.fromEntries(errors));
}

const isUnder = (key: string, path: string) => key === path || key.startsWith(`${path}.`);

/** The API's errors about a member and its parts (`mapping.person`), as one message naming the parts. */
export function errorsUnder(form: ProfileForm, path: string): string | undefined {
  const lines = Object.entries(form.errors)
    .filter(([key]) => isUnder(key, path))
    .map(([key, message]) => (key === path ? String(message) : `${key.slice(path.length + 1)}: ${String(message)}`));
  return lines.length ? lines.join('; ') : undefined;
}

export const memberValue = (form: ProfileForm, path: string) => getIn(form.getValues(), path);

/** The API's error for a member, by its path in the body. */
export const memberError = (form: ProfileForm, path: string) => (form.errors[path] as string | undefined) ?? undefined;

/**
 * Props of a text input for a member of the body. An emptied optional member is removed rather than sent as `""`
 * (which the API would refuse); a required one keeps `""` so that the API names it at its field.
 */
export function textMember(form: ProfileForm, path: string, optional = true) {
  return {
    value: (memberValue(form, path) as string | undefined) ?? '',
    error: memberError(form, path),
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setMember(form, path, event.currentTarget.value || (optional ? undefined : '')),
  };
}
