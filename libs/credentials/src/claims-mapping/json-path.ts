/**
 * The JSONPath subset of `idTokenClaimsMapping` (API.md §11): RFC 9535 normalized-style paths made of `$` and
 * then `.name` (member-name-shorthand: letters, digits, `_`, not starting with a digit) or `['name']` /
 * `["name"]` steps (any name, e.g. the mdoc namespace `org.iso.18013.5.1`). No wildcards, filters or indexes:
 * a mapping names exactly one value.
 */
export type JsonPath = readonly string[];

const SHORTHAND = /^\.([A-Za-z_\u0080-\uFFFF][\w\u0080-\uFFFF]*)/;
const BRACKETED = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/;

/** The member names of `path`, or an error message. */
export function parseJsonPath(path: string): { valid: true; names: JsonPath } | { valid: false; message: string } {
  if (!path.startsWith('$')) return { valid: false, message: 'must start with $' };
  const names: string[] = [];
  let rest = path.slice(1);
  while (rest.length) {
    const shorthand = SHORTHAND.exec(rest);
    const bracketed = shorthand ? null : BRACKETED.exec(rest);
    const step = shorthand ?? bracketed;
    if (!step) return { valid: false, message: `unsupported step at "${rest.slice(0, 40)}" (use .name or ['name'])` };
    names.push(shorthand ? shorthand[1] : (bracketed![1] ?? bracketed![2]).replace(/\\(.)/g, '$1'));
    rest = rest.slice(step[0].length);
  }
  if (!names.length) return { valid: false, message: 'must name a member ($ alone is the whole document)' };
  return { valid: true, names };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `names`, or `found: false` when a step is missing (an own member only: no prototype lookups). */
export function readPath(document: unknown, names: JsonPath): { found: true; value: unknown } | { found: false } {
  let current = document;
  for (const name of names) {
    if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, name)) return { found: false };
    current = current[name];
  }
  return { found: true, value: current };
}

/** Sets the value at `names`, which must already exist (the destination was checked when the profile was saved). */
export function writePath(document: Record<string, unknown>, names: JsonPath, value: unknown): boolean {
  let current: unknown = document;
  for (const name of names.slice(0, -1)) {
    if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, name)) return false;
    current = current[name];
  }
  const last = names[names.length - 1];
  if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, last)) return false;
  Object.defineProperty(current, last, { value, enumerable: true, writable: true, configurable: true });
  return true;
}
