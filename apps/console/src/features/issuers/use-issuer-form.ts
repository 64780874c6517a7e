import { useCallback, useRef, useState } from 'react';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { cleanConfig, parseConfigText, prettyJson, replaceAll } from './issuer-config';
import type { IssuerConfig } from './types';

export type IssuerForm = UseFormReturnType<IssuerConfig>;

/**
 * One issuer body edited two ways: the form's values are the IssuerConfig itself (so the API's error paths such
 * as `display.0.name` are the form's field paths), and the JSON editor's text follows every form edit. A JSON
 * edit that parses replaces the form's values; one that does not parse is kept as typed and reported, and the
 * form waits (the page disables it) so that a form edit cannot overwrite the unfinished JSON.
 */
export function useIssuerForm(initial: IssuerConfig) {
  const [jsonText, setJsonText] = useState(() => prettyJson(initial));
  const [jsonError, setJsonError] = useState<string>();
  // Set while the editor's own edit flows into the form, so that the text is not reformatted under the cursor.
  const fromEditor = useRef(false);

  const onValuesChange = useCallback((values: IssuerConfig) => {
    if (!fromEditor.current) setJsonText(prettyJson(cleanConfig(values)));
  }, []);
  const form = useForm<IssuerConfig>({ mode: 'controlled', initialValues: initial, onValuesChange });
  const { setValues, getValues } = form;

  const editJson = useCallback(
    (text: string) => {
      setJsonText(text);
      const parsed = parseConfigText(text);
      if (!parsed.ok) {
        setJsonError(parsed.message);
        return;
      }
      setJsonError(undefined);
      fromEditor.current = true;
      try {
        setValues(replaceAll(getValues(), parsed.value));
      } finally {
        fromEditor.current = false;
      }
    },
    [setValues, getValues],
  );

  return { form, jsonText, jsonError, editJson };
}
