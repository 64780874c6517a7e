import { useCallback, useRef, useState, type ChangeEvent } from 'react';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { cleanBody, getIn, parseJson, prettyJson, replaceAll, setIn } from './profile-body';
import type { ProfileBody } from './types';

export type ProfileForm = UseFormReturnType<ProfileBody>;

/**
 * One profile body edited two ways: the form's values are the Profile itself (so the API's error paths such as
 * `notifications.webhook.url` are the form's field paths), and the JSON editor's text follows every form edit. A JSON
 * edit that parses replaces the form's values; one that does not parse is kept as typed and reported, and the form
 * waits (the editor disables it) so that a form edit cannot overwrite the unfinished JSON.
 */
export function useProfileForm(initial: ProfileBody) {
  const [jsonText, setJsonText] = useState(() => prettyJson(initial));
  const [jsonError, setJsonError] = useState<string>();
  // Set while the editor's own edit flows into the form, so that the text is not reformatted under the cursor.
  const fromEditor = useRef(false);

  const onValuesChange = useCallback((values: ProfileBody) => {
    if (!fromEditor.current) setJsonText(prettyJson(cleanBody(values)));
  }, []);
  const form = useForm<ProfileBody>({ mode: 'controlled', initialValues: initial, onValuesChange });
  const { setValues, getValues } = form;

  const editJson = useCallback(
    (text: string) => {
      setJsonText(text);
      const parsed = parseJson<ProfileBody>(text, 'The profile');
      if (!parsed.ok) {
        setJsonError(parsed.message);
        return;
      }
      setJsonError(undefined);
      fromEditor.current = true;
      try {
        setValues(replaceAll(getValues(), parsed.value!));
      } finally {
        fromEditor.current = false;
      }
    },
    [setValues, getValues],
  );

  return { form, jsonText, jsonError, editJson };
}

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
