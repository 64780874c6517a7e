import { randomUUID } from 'node:crypto';

/** The part of JSON Schema (2020-12, as the OpenAPI document serves it) the fuzzer reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type[0];
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

/**
 * A minimal valid instance: required members only, each the simplest value its constraints allow. The
 * corpus then overlays real ids and meaningful values (see admin-corpus.ts).
 */
export function minimalInstance(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.anyOf?.length) return minimalInstance(schema.anyOf[0]);
  switch (typeOf(schema)) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((name) => [name, minimalInstance(schema.properties?.[name] ?? {})]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => minimalInstance(schema.items ?? {}));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(1, schema.maximum ?? 1));
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'uri') return 'http://127.0.0.1:9/x';
      if (schema.format === 'date-time') return new Date().toISOString();
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return {};
  }
}

/** Deep merge for building bodies: objects merge, everything else replaces. */
export function overlay(base: unknown, top: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return top;
  if (typeof top !== 'object' || top === null || Array.isArray(top)) return top;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(top)) out[key] = value === undefined ? undefined : overlay(out[key], value);
  return JSON.parse(JSON.stringify(out)) as unknown;
}

/** The properties reachable through `properties` alone, with their paths: where a violation is unambiguous. */
export function constrainedProperties(schema: JsonSchema, path: string[] = [], depth = 0): { path: string[]; schema: JsonSchema }[] {
  if (depth > 4 || !schema.properties) return [];
  const out: { path: string[]; schema: JsonSchema }[] = [];
  for (const [name, child] of Object.entries(schema.properties)) {
    out.push({ path: [...path, name], schema: child });
    out.push(...constrainedProperties(child, [...path, name], depth + 1));
  }
  return out;
}

/** Values that break one constraint of a schema, with what they break. */
export function violations(schema: JsonSchema): { value: unknown; breaks: string }[] {
  const out: { value: unknown; breaks: string }[] = [];
  const type = typeOf(schema);
  if (schema.anyOf) return out;
  if (type === 'string') {
    out.push({ value: 42, breaks: 'type' });
    if (schema.enum) out.push({ value: `${String(schema.enum[0])}-not`, breaks: 'enum' });
    if (schema.maxLength !== undefined) out.push({ value: 'm'.repeat(schema.maxLength + 1), breaks: 'maxLength' });
    if (schema.minLength) out.push({ value: '', breaks: 'minLength' });
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern, 'u');
      const bad = ['!!', ' ', 'a b', '\u0000', ''].find((v) => !pattern.test(v));
      if (bad !== undefined) out.push({ value: bad, breaks: 'pattern' });
    }
  } else if (type === 'integer' || type === 'number') {
    out.push({ value: 'one', breaks: 'type' });
    if (type === 'integer') out.push({ value: 1.5, breaks: 'integer' });
    if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER)
      out.push({ value: schema.maximum + 1, breaks: 'maximum' });
    if (schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER)
      out.push({ value: schema.minimum - 1, breaks: 'minimum' });
  } else if (type === 'boolean') {
    out.push({ value: 'true', breaks: 'type' });
  } else if (type === 'array') {
    out.push({ value: { 0: 'x' }, breaks: 'type' });
    if (schema.maxItems !== undefined && schema.maxItems <= 1000 && schema.items)
      out.push({ value: Array.from({ length: schema.maxItems + 1 }, () => minimalInstance(schema.items!)), breaks: 'maxItems' });
    if (schema.minItems) out.push({ value: [], breaks: 'minItems' });
  } else if (type === 'object') {
    out.push({ value: ['x'], breaks: 'type' });
    if (schema.additionalProperties === false)
      out.push({ value: { ...(minimalInstance(schema) as object), 'fuzz-unknown': 1 }, breaks: 'unknown member' });
  }
  return out;
}
