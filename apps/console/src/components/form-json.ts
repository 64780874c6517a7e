/** Helpers for a request body edited both in a form and as JSON text (use-form-json-sync.ts, FormJsonEditor.tsx). */

export const prettyJson = (value: unknown) => JSON.stringify(value, null, 2);

/** The body as sent: members the form cleared (left `undefined`) are dropped, as JSON drops them. */
export function cleanJson<T>(body: T): T {
  return JSON.parse(JSON.stringify(body)) as T;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads JSON text that must be an object (or, with `array`, an array); an empty text is `undefined` when allowed. */
export function parseJson<T>(text: string, what: string, kind: 'object' | 'array' = 'object', emptyAllowed = false): Parsed<T | undefined> {
  if (emptyAllowed && text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  const isArray = Array.isArray(value);
  const isObject = typeof value === 'object' && value !== null && !isArray;
  if (kind === 'array' ? !isArray : !isObject) return { ok: false, message: `${what} must be a JSON ${kind}` };
  return { ok: true, value: value as T };
}

/**
 * The form's next values when a whole new body replaces them (JSON editor, a nested member set): members the new
 * body no longer has become `undefined`, since the form merges what it is given and would otherwise keep them.
 */
export function replaceAll<T extends Record<string, unknown>>(previous: T, next: T): T {
  const cleared = Object.fromEntries(Object.keys(previous).map((key) => [key, undefined]));
  return { ...cleared, ...next } as T;
}
