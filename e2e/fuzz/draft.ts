import type { FuzzRequest } from './raw-http';
import { toJsonText } from './edge-values';
import type { JsonSchema } from './json-schema';

/** What the oracle demands of an answer: anything but a failure, a refusal (4xx), or one exact status. */
export type Expectation = 'any' | 'refuse' | number;

/** Where a JWT sits in a request, with what re-signs it, so mutators can damage it or forge valid-looking ones. */
export interface JwtSlot {
  /** JSON path in the body, or `authorization` for the bearer token. */
  at: (string | number)[];
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** Signs with the holder key the proof was made with. */
  sign(header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string>;
  /** Signs with another key than the one the header names. */
  signWithOtherKey(header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string>;
}

/**
 * A request between its valid form and the wire: mutators edit the structured body first (JSON value or
 * form pairs), then its text, then its bytes, then the transport (path, method, headers).
 */
export interface Draft {
  template: string;
  area: 'admin' | 'wallet';
  method: string;
  /** Percent-encoded path segments after the leading slash (byte strings). */
  segments: string[];
  /** Query pairs, already encoded (byte strings). */
  query: [string, string][];
  headers: [string, string][];
  json?: unknown;
  form?: [string, string][];
  /** Text of the body once a text-level mutation took over. */
  text?: string;
  /** Bytes of the body once a byte-level mutation took over. */
  bytes?: Buffer;
  chunked?: boolean;
  /** The admin body refuses unknown members (API.md §0). */
  strict: boolean;
  /** The members its schema knows at the top level (an unknown one makes a strict body invalid). */
  members: string[];
  /** The body's schema from the OpenAPI document, when it has one. */
  schema?: JsonSchema;
  /** The body must be a JSON object (admin bodies, the credential request). */
  objectBody: boolean;
  jwt?: JwtSlot;
  /** What the mutations of the body demand, and what those of the transport demand (see `expectationOf`). */
  expect: Expectation;
  transportExpect: Expectation;
  /** The method was changed to another that routes may serve: the body's demands no longer hold. */
  rerouted?: boolean;
  /**
   * The path names resources the rest of the run relies on (the main issuer, profile and key, live sessions,
   * certificates): a method mutation must not turn the request into their DELETE.
   */
  shared?: boolean;
  labels: string[];
}

function raise(current: Expectation, expectation: Expectation): Expectation {
  if (expectation === 'any') return current;
  if (typeof expectation === 'number') return expectation;
  return current === 'any' || (typeof current === 'number' && current < 400) ? 'refuse' : current;
}

/**
 * Raises the expectation: a refusal-guaranteeing mutation makes the whole request one that must be
 * refused. `body` demands (invalid body, damaged proof) stop holding when the method is changed to one
 * another route serves; `transport` demands (no credentials, malformed HTTP) hold whatever the route.
 */
export function demand(draft: Draft, expectation: Expectation, source: 'body' | 'transport' = 'body'): void {
  if (source === 'body') draft.expect = raise(draft.expect, expectation);
  else draft.transportExpect = raise(draft.transportExpect, expectation);
}

/** The final demand on the answer; an exact status only for a request with that single mutation. */
export function expectationOf(draft: Draft): Expectation {
  const body = draft.rerouted ? 'any' : draft.expect;
  const combined = raise(body, draft.transportExpect);
  return typeof combined === 'number' && draft.labels.length !== 1 ? 'refuse' : combined;
}

/** UTF-8 bytes of a string as a byte string; lone surrogates become their WTF-8 bytes (ED A0 BD …), as a hostile client sends them. */
export function wtf8(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    let point = code;
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (point < 0x80) out += String.fromCharCode(point);
    else if (point < 0x800) out += String.fromCharCode(0xc0 | (point >> 6), 0x80 | (point & 63));
    else if (point < 0x10000) out += String.fromCharCode(0xe0 | (point >> 12), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
    else out += String.fromCharCode(0xf0 | (point >> 18), 0x80 | ((point >> 12) & 63), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
  }
  return out;
}

/** Percent-encodes every byte outside the unreserved set (RFC 3986), lone surrogates included. */
export function percentEncode(text: string): string {
  return wtf8(text).replace(/[^A-Za-z0-9\-._~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function formText(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Form pairs from plain values, encoded. */
export function formPairs(values: Record<string, string>): [string, string][] {
  return Object.entries(values).map(([k, v]) => [percentEncode(k), percentEncode(v)]);
}

export function bodyText(draft: Draft): string | undefined {
  if (draft.text !== undefined) return draft.text;
  if (draft.json !== undefined) return toJsonText(draft.json);
  if (draft.form) return formText(draft.form);
  return undefined;
}

export function bodyBytes(draft: Draft): Buffer | undefined {
  if (draft.bytes) return draft.bytes;
  const text = bodyText(draft);
  if (text === undefined) return undefined;
  // Form bodies are byte strings already (percent-encoded or raw bytes); JSON text is UTF-8.
  return draft.form ? Buffer.from(text, 'latin1') : Buffer.from(wtf8(text), 'latin1');
}

export function targetOf(draft: Pick<Draft, 'segments' | 'query'>): string {
  const path = `/${draft.segments.join('/')}`;
  return draft.query.length ? `${path}?${formText(draft.query)}` : path;
}

export function toRequest(draft: Draft): FuzzRequest {
  return {
    method: draft.method,
    target: targetOf(draft),
    headers: draft.headers.map(([n, v]) => [n, wtf8Header(v)]),
    body: bodyBytes(draft),
    chunked: draft.chunked,
  };
}

/** Header values are byte strings; characters above U+00FF are sent as their UTF-8 bytes. */
function wtf8Header(value: string): string {
  return [...value].some((c) => c.charCodeAt(0) > 0xff) ? wtf8(value) : value;
}

export function setHeader(draft: Draft, name: string, value: string | undefined): void {
  draft.headers = draft.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  if (value !== undefined) draft.headers.push([name, value]);
}

export function getHeader(draft: Draft, name: string): string | undefined {
  return draft.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}
