/**
 * The admin API's own request schemas, read from `GET /api/openapi.json` (generated from the routes the platform
 * serves), so the console's JSON editors check exactly what the API will check.
 */
type Json = Record<string, unknown>;

let document: Promise<Json> | undefined;

function loadDocument(): Promise<Json> {
  document ??= fetch('/api/openapi.json', { headers: { accept: 'application/json' } }).then((r) => {
    if (!r.ok) throw new Error(`openapi.json: HTTP ${r.status}`);
    return r.json() as Promise<Json>;
  });
  return document;
}

/** Forgets the loaded document (tests: the next test's fake API serves its own). */
export function forgetOpenApiDocument(): void {
  document = undefined;
}

/** Replaces `$ref`s to components by their schemas (once per name: recursive schemas stay references). */
function inlineRefs(schema: unknown, components: Json, seen: Set<string> = new Set()): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inlineRefs(item, components, seen));
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (seen.has(name)) return {};
    return inlineRefs(components[name], components, new Set([...seen, name]));
  }
  return Object.fromEntries(Object.entries(schema as Json).map(([key, value]) => [key, inlineRefs(value, components, seen)]));
}

/** The JSON schema of a request body, e.g. `requestSchema('post', '/api/v1/issuers/{issuerId}/profiles')`. */
export async function requestSchema(method: string, path: string): Promise<Json | undefined> {
  const doc = await loadDocument();
  const operation = ((doc.paths as Json | undefined)?.[path] as Json | undefined)?.[method.toLowerCase()] as Json | undefined;
  const body = operation?.requestBody as Json | undefined;
  const schema = ((body?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema;
  if (!schema) return undefined;
  const components = ((doc.components as Json | undefined)?.schemas as Json | undefined) ?? {};
  return inlineRefs(schema, components) as Json;
}

/** A property's schema inside an object schema, for editors of one part of a body (e.g. `credentialData`). */
export function propertySchema(schema: Json | undefined, ...names: string[]): Json | undefined {
  let current: Json | undefined = schema;
  for (const name of names) current = (current?.properties as Json | undefined)?.[name] as Json | undefined;
  return current;
}
