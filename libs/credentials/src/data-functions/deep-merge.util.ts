import { isPlainObject, UNSAFE_KEYS } from '../shared/json-object.util';

type ArrayRule = 'replace' | 'append';

/**
 * Merges `override` into `base` the way walt.id merges `runtimeOverrides.credentialData`
 * (waltid-issuer2-model.md §6): objects merge recursively, scalars and arrays replace. Inputs are never
 * mutated, the result shares no objects with them, and `__proto__`/`constructor`/`prototype` keys are
 * dropped so request data cannot pollute prototypes. An `undefined` override member keeps the base value.
 */
export function deepMergeReplace<T>(base: T, override: unknown): T {
  return merge(base, override, 'replace') as T;
}

/**
 * Merges a mapping result into credential data (waltid-issuer2-model.md §8): objects merge recursively
 * and arrays are appended. Same immutability and prototype-pollution guarantees as {@link deepMergeReplace}.
 */
export function deepMergeAppend<T>(base: T, addition: unknown): T {
  return merge(base, addition, 'append') as T;
}

function merge(base: unknown, other: unknown, rule: ArrayRule): unknown {
  if (other === undefined) return clone(base);
  if (isPlainObject(base) && isPlainObject(other)) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base)) {
      if (!UNSAFE_KEYS.has(key)) result[key] = clone(value);
    }
    for (const [key, value] of Object.entries(other)) {
      if (UNSAFE_KEYS.has(key) || value === undefined) continue;
      result[key] = key in result ? merge(result[key], value, rule) : clone(value);
    }
    return result;
  }
  if (rule === 'append' && Array.isArray(base) && Array.isArray(other)) {
    return [...base.map(clone), ...other.map(clone)];
  }
  return clone(other);
}

/** Deep copy of JSON-like data; non-plain objects (Date, class instances) are kept by reference. */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (!UNSAFE_KEYS.has(key)) copy[key] = clone(member);
    }
    return copy;
  }
  return value;
}
