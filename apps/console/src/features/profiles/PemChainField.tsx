import { useState } from 'react';
import { Textarea } from '@mantine/core';

/** PEM certificates pasted one after the other, leaf first; text that is not (yet) a full PEM block is kept as one entry. */
export function splitPem(text: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (blocks?.length) return blocks;
  return text.trim() ? [text.trim()] : [];
}

/**
 * `x5Chain` as one text area: the text stays as typed (line breaks included) and the chain it stands for goes to the
 * form; a chain changed elsewhere (the JSON editor) replaces the text.
 */
export function PemChainField({ value, onChange, error }: { value: string[]; onChange: (chain: string[]) => void; error?: string }) {
  const serialized = JSON.stringify(value);
  const [draft, setDraft] = useState(() => ({ text: value.join('\n'), basis: serialized }));
  if (draft.basis !== serialized) setDraft({ text: value.join('\n'), basis: serialized });
  return (
    <Textarea
      label="Certificate chain (PEM, leaf first)"
      autosize
      minRows={4}
      maxRows={12}
      placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
      value={draft.text}
      onChange={(event) => {
        const text = event.currentTarget.value;
        const chain = splitPem(text);
        setDraft({ text, basis: JSON.stringify(chain) });
        onChange(chain);
      }}
      error={error}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
    />
  );
}
