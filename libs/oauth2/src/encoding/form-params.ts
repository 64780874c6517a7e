import { isPlainObject } from './base64url';

/**
 * Request parameters as the transport decoded them: a query or `application/x-www-form-urlencoded` body as an
 * object (repeated names as arrays, as Fastify's parsers give them) or a `URLSearchParams`.
 */
export type RequestParams = Record<string, unknown> | URLSearchParams;

/** Why reading a parameter failed; the caller turns it into its own error (with its own redirect rules). */
export class ParamError extends Error {}

/** Normalises parameters to name → list of values; non-string values are refused. */
export function toParamMap(input: RequestParams): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (input instanceof URLSearchParams) {
    for (const [name, value] of input) map.set(name, [...(map.get(name) ?? []), value]);
    return map;
  }
  if (!isPlainObject(input)) throw new ParamError('request parameters must be a form or query');
  for (const [name, raw] of Object.entries(input)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (raw === undefined || raw === null) continue;
    if (values.some((v) => typeof v !== 'string')) throw new ParamError(`parameter ${name} must be a string`);
    map.set(name, values as string[]);
  }
  return map;
}

/**
 * One parameter value. RFC 6749 §3.1/§3.2: parameters must not repeat (also RFC 9126 §2.1 for PAR), and an
 * empty value counts as absent. Only parameters the endpoint understands are read, so unknown ones are ignored.
 */
export function singleParam(params: Map<string, string[]>, name: string): string | undefined {
  const values = params.get(name);
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) throw new ParamError(`parameter ${name} must not be repeated`);
  return values[0] === '' ? undefined : values[0];
}

/** RFC 6749 Appendix A: VSCHAR = %x20-7E, the syntax of `state`, `client_id` and other opaque values. */
export function isVsChars(value: string, maxLength = 2048): boolean {
  return value.length > 0 && value.length <= maxLength && /^[\x20-\x7e]+$/.test(value);
}
