import fc from 'fast-check';

/**
 * The values a fuzzer reaches for: unicode that databases, encoders and regexes trip over, numbers at
 * and past the edges of IEEE 754 and JSON, prototype keys, and JSON text no `JSON.stringify` can produce.
 */

/** Strings that break text handling: lone surrogates, NUL, bidi controls, combining marks, emoji, overlong. */
export const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\ud83d', // lone high surrogate
  'x\udc00y', // lone low surrogate
  '\udc00\ud83d', // reversed pair
  'a\u0000b',
  '\u0000',
  '\u202eevil\u202c', // right-to-left override
  '\u200f\u200e', // RTL / LTR marks
  'e\u0301\u0301\u0301\u0301', // stacked combining acute accents
  '\u1100\u1161\u11a8', // Hangul jamo
  '👩‍👩‍👧‍👦', // ZWJ sequence
  '🔑',
  '\ufeffBOM',
  '\uffff\ufffe',
  '\u2028\u2029',
  '\r\n\t\u000b\u000c',
  '%00%ff%zz',
  '../../etc/passwd',
  "'; DROP TABLE issuer_api.sessions; --",
  '{{7*7}}${7*7}<%= 7*7 %>',
  '<script>alert(1)</script>',
  'Ω'.repeat(5000),
  'a'.repeat(70_000),
  '\ud83d'.repeat(300),
  '0',
  '-1',
  'NaN',
  'Infinity',
  'null',
  'true',
  '1e309',
  '00000000-0000-4000-8000-000000000000',
];

/** Keys that poison objects built from parsed JSON. */
export const PROTOTYPE_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
];

/** Numbers that JSON carries but JavaScript or PostgreSQL may not. */
export const EDGE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  -(2 ** 53) - 1,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  5e-324,
];

/**
 * JSON number tokens that have no JavaScript value or that JSON.stringify would rewrite (1e309 parses to
 * Infinity, -0 prints as 0), and non-JSON tokens (NaN) for the invalid-JSON cases.
 */
export const RAW_NUMBER_TOKENS: readonly string[] = [
  '1e309',
  '-1e309',
  '-0',
  '-0.0',
  '1e-400',
  '123456789012345678901234567890',
  '0.1e1',
  '1E+2',
  '9007199254740993',
];
export const INVALID_JSON_TOKENS: readonly string[] = ['NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '01', '+1', '.5', "'x'"];

/** A marker that a raw JSON token replaces after JSON.stringify: see `toJsonText`. */
const RAW = '\u0001raw:';
export function rawToken(token: string): string {
  return `${RAW}${token}\u0001`;
}
/** JSON text of `value` with every rawToken(...) string replaced by its token, unquoted. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.replace(/"\\u0001raw:((?:[^"\\]|\\.)*?)\\u0001"/g, (_, token: string) => JSON.parse(`"${token}"`) as string);
}

export const edgeString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom('\ud83d', '\ude00', '\u0000', '\u202e', '\u0301', 'a', '😀', '\u00ff'), maxLength: 12 }),
  },
);

export const edgeNumber = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBER_TOKENS).map(rawToken) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
);

/** Any value of a different shape than the one it replaces: a wrong type is the most common client error. */
export const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: edgeString },
  { weight: 3, arbitrary: edgeNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[]], { '': null }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS).map((key) => JSON.parse(`{"${key}":{"polluted":true}}`) as unknown) },
);
