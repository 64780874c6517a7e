import { DataFunctionCall } from './data-function.types';

// walt.id rule: a mapping value is a template iff it is a string `<...>` without whitespace.
const TEMPLATE = /^<(\S+)>$/;

/** Parses a mapping value; returns undefined when it is not a template and must be copied as-is. */
export function parseTemplate(value: unknown): DataFunctionCall | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TEMPLATE.exec(value);
  if (!match) return undefined;
  const body = match[1]!;
  const colon = body.indexOf(':');
  // Split on the first colon only: webhook arguments are URLs that contain more.
  return colon < 0 ? { name: body } : { name: body.slice(0, colon), arg: body.slice(colon + 1) };
}
