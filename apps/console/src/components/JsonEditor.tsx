import { lazy, Suspense } from 'react';
import { Input, Skeleton } from '@mantine/core';
import type { JsonEditorProps } from './JsonCodeEditor';

export type { JsonEditorProps } from './JsonCodeEditor';

// CodeMirror and the JSON schema support are most of the console's code: loaded with the first editor on screen,
// not with every page.
const JsonCodeEditor = lazy(() => import('./JsonCodeEditor'));

/** A JSON editor that knows the API's schema: completion, hover docs and errors as you type. */
export function JsonEditor(props: JsonEditorProps) {
  return (
    <Suspense
      fallback={
        <Input.Wrapper label={props.label} description={props.description} error={props.error}>
          <Skeleton height={props.height ?? '320px'} aria-label={`Loading ${props.label ?? 'the JSON editor'}`} />
        </Input.Wrapper>
      }
    >
      <JsonCodeEditor {...props} />
    </Suspense>
  );
}
