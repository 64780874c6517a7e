import { useState } from 'react';
import { JsonEditor } from '../../components/JsonEditor';
import { parseJson, prettyJson } from '../../components/form-json';

export interface JsonValueFieldProps {
  label: string;
  description?: string;
  value: unknown;
  /** Called with each edit that parses (`undefined` for an optional member left empty). */
  onChange: (value: unknown) => void;
  /** Reports whether the text currently typed parses, so that the form can refuse to send a stale value. */
  onValidity?: (error: string | undefined) => void;
  kind?: 'object' | 'array';
  optional?: boolean;
  schema?: Record<string, unknown>;
  /** The API's error for this member. */
  error?: string;
  height?: string;
}

const isEmpty = (value: unknown) =>
  Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0;

/**
 * A JSON member of the profile (credentialData, mapping, a DCQL query) edited as JSON inside the form. The text is
 * kept as typed while it does not parse (nothing is lost, and the form is told), and follows the value when it changes
 * elsewhere (the whole-profile JSON editor).
 */
export function JsonValueField({
  label,
  description,
  value,
  onChange,
  onValidity,
  kind = 'object',
  optional = false,
  schema,
  error,
  height = '180px',
}: JsonValueFieldProps) {
  // An optional member shows as `{}` (or `[]`) while absent, and an emptied one is absent again: the editor never
  // holds an empty document (which is not JSON), and saving an untouched profile adds no empty member.
  const textOf = (member: unknown) => (member === undefined ? (kind === 'array' ? '[]' : '{}') : prettyJson(member));
  const serialized = JSON.stringify(value ?? null);
  const [draft, setDraft] = useState(() => ({ text: textOf(value), basis: serialized, problem: undefined as string | undefined }));
  // The value changed elsewhere: show it (a render-time reset, React's pattern for state derived from props).
  if (draft.basis !== serialized) setDraft({ text: textOf(value), basis: serialized, problem: undefined });

  const edit = (text: string) => {
    const parsed = parseJson<unknown>(text, label, kind, optional);
    if (!parsed.ok) {
      setDraft({ text, basis: draft.basis, problem: parsed.message });
      onValidity?.(parsed.message);
      return;
    }
    const next = optional && isEmpty(parsed.value) ? undefined : parsed.value;
    setDraft({ text, basis: JSON.stringify(next ?? null), problem: undefined });
    onValidity?.(undefined);
    onChange(next);
  };

  return (
    <JsonEditor
      label={label}
      description={description}
      value={draft.text}
      onChange={edit}
      schema={schema}
      error={draft.problem ?? error}
      height={height}
    />
  );
}
