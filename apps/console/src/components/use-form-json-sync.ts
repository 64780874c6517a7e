import { useCallback, useRef, useState } from 'react';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../api/api-error';
import { applyApiError } from '../api/use-api-form';
import { cleanJson, parseJson, prettyJson, replaceAll } from './form-json';

/**
 * One request body edited two ways: the form's values are the body itself (so the API's error paths such as
 * `display.0.name` are the form's field paths), and the JSON editor's text follows every form edit. A JSON edit that
 * parses replaces the form's values; one that does not parse is kept as typed and reported, and the form waits (the
 * editor disables it) so that a form edit cannot overwrite the unfinished JSON.
 *
 * `what` names the body in the message for JSON that is not an object ("The issuer must be a JSON object").
 */
export function useFormJsonSync<T extends Record<string, unknown>>(initial: T, what: string) {
  const [jsonText, setJsonText] = useState(() => prettyJson(initial));
  const [jsonError, setJsonError] = useState<string>();
  // Set while the editor's own edit flows into the form, so that the text is not reformatted under the cursor.
  const fromEditor = useRef(false);

  const onValuesChange = useCallback((values: T) => {
    if (!fromEditor.current) setJsonText(prettyJson(cleanJson(values)));
  }, []);
  const form = useForm<T>({ mode: 'controlled', initialValues: initial, onValuesChange });
  const { setValues, getValues } = form;

  const editJson = useCallback(
    (text: string) => {
      setJsonText(text);
      const parsed = parseJson<T>(text, what);
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
    [setValues, getValues, what],
  );

  return { form, jsonText, jsonError, editJson };
}

export interface FormJsonSaveOptions<T extends Record<string, unknown>, R> {
  form: UseFormReturnType<T>;
  /** Why the JSON text is not taken (useFormJsonSync): nothing is sent and the JSON tab is shown. */
  jsonError: string | undefined;
  mutationFn: (body: T) => Promise<R>;
  onSaved: (saved: R) => void;
  /** A reason not to send yet (e.g. a JSON member of the form that does not parse), said next to the save button. */
  notReady?: () => string | undefined;
}

/**
 * Saving a body edited with useFormJsonSync: nothing is sent while the JSON does not parse; a refused save leaves the
 * form and the JSON as they were, with the API's problems at their fields (and listed in the JSON tab through
 * `saveError`) and the general message to show next to the save button.
 */
export function useFormJsonSave<T extends Record<string, unknown>, R>({
  form,
  jsonError,
  mutationFn,
  onSaved,
  notReady,
}: FormJsonSaveOptions<T, R>) {
  const [tab, setTab] = useState<string | null>('form');
  const [message, setMessage] = useState<string>();
  const [saveError, setSaveError] = useState<unknown>();
  const save = useMutation({ mutationFn });
  const problems = saveError instanceof ApiError ? saveError.errors.length : 0;

  const submit = () => {
    if (jsonError) {
      setMessage(`The JSON is not valid, so nothing was sent: ${jsonError}`);
      setTab('json');
      return;
    }
    const notYet = notReady?.();
    if (notYet) {
      setMessage(notYet);
      return;
    }
    setMessage(undefined);
    setSaveError(undefined);
    save.mutate(cleanJson(form.getValues()), {
      onSuccess: onSaved,
      onError: (error) => {
        setSaveError(error);
        setMessage(applyApiError(form, error));
      },
    });
  };

  return { tab, setTab, message, saveError, problems, submit, saving: save.isPending };
}

export type FormJsonSaveState = ReturnType<typeof useFormJsonSave>;
