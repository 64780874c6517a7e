import { useMemo } from 'react';
import { Input, useMantineColorScheme } from '@mantine/core';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { jsonSchema } from 'codemirror-json-schema';
import { cspNonce } from '../app/csp-nonce';

/** Props of the JSON editor (see JsonEditor.tsx, which loads this file on first use). */
export interface JsonEditorProps {
  label?: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  /** JSON schema of the edited value (usually from the API's OpenAPI document): completion, hover and checks. */
  schema?: Record<string, unknown>;
  error?: string;
  height?: string;
  readOnly?: boolean;
  'aria-label'?: string;
}

/** A JSON editor that knows the API's schema: completion, hover docs and errors as you type. */
export default function JsonCodeEditor({
  label,
  description,
  value,
  onChange,
  schema,
  error,
  height = '320px',
  readOnly,
  ...rest
}: JsonEditorProps) {
  const { colorScheme } = useMantineColorScheme();
  const accessibleName = rest['aria-label'] ?? label;
  const extensions = useMemo(
    () => [
      EditorView.cspNonce.of(cspNonce() ?? ''),
      // The editable element is what assistive technology and keyboard users reach: it carries the name.
      EditorView.contentAttributes.of({ 'aria-label': accessibleName ?? 'JSON', 'aria-multiline': 'true' }),
      EditorView.lineWrapping,
      ...(schema ? jsonSchema(schema as never) : [json(), linter(jsonParseLinter())]),
      lintGutter(),
    ],
    [schema, accessibleName],
  );
  return (
    <Input.Wrapper label={label} description={description} error={error}>
      <CodeMirror
        value={value}
        onChange={onChange}
        height={height}
        extensions={extensions}
        theme={colorScheme === 'dark' ? 'dark' : 'light'}
        readOnly={readOnly}
        basicSetup={{ foldGutter: true, lineNumbers: true }}
      />
    </Input.Wrapper>
  );
}
