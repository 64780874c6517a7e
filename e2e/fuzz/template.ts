import type { Draft } from './draft';
import type { JsonSchema } from './json-schema';
import type { LiveResources } from './live-resources';
import type { Gen, Stage } from './mutator';
import type { RawResponse } from './raw-http';

/** A valid request of one route, built from live resources; the fuzzer then mutates it. */
export interface Template {
  /** `METHOD /path/{param}`: the route as the OpenAPI document or API.md names it. */
  name: string;
  area: 'admin' | 'wallet';
  weight: number;
  /** Its valid request is answered `302` (a browser step of the authorization code flow), not 2xx. */
  redirects?: boolean;
  /** What is wrong with the answer to its unmutated request beyond its status (e.g. a `302` that carries an error), if anything. */
  validAnswer?(response: RawResponse): string | undefined;
  /** Mutation stages this route must not get (e.g. text edits that could turn a dry retention run into a real one). */
  excludeStages?: Stage[];
  build(live: LiveResources, g: Gen): Promise<Draft>;
  /** Re-applies what must hold whatever the mutation did (safety, not validity). */
  finalize?(draft: Draft): void;
  /** Runs after the answer: puts shared state back (e.g. the retention configuration). */
  after?(live: LiveResources): Promise<void>;
}

export function splitPath(path: string): { segments: string[]; query: [string, string][] } {
  const [pathname, search] = path.split('?');
  const query = search ? search.split('&').map((pair) => pair.split('=') as [string, string]) : [];
  return { segments: pathname.replace(/^\//, '').split('/'), query };
}

/** A draft with the defaults of its area: admin key and JSON content type, strict body. */
export function draftOf(
  live: LiveResources,
  template: Pick<Template, 'name' | 'area'>,
  method: string,
  path: string,
  options: {
    json?: unknown;
    form?: [string, string][];
    headers?: [string, string][];
    schema?: JsonSchema;
    admin?: boolean;
  } = {},
): Draft {
  const { segments, query } = splitPath(path);
  const headers: [string, string][] = [];
  if (options.admin ?? template.area === 'admin') headers.push(['Authorization', `Bearer ${live.adminKey}`]);
  if (options.json !== undefined) headers.push(['Content-Type', 'application/json']);
  if (options.form) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  headers.push(...(options.headers ?? []));
  return {
    template: template.name,
    area: template.area,
    method,
    segments,
    query,
    headers,
    json: options.json,
    form: options.form,
    strict: template.area === 'admin' && options.json !== undefined,
    members: Object.keys(options.schema?.properties ?? (isObject(options.json) ? options.json : {})),
    schema: options.schema,
    objectBody: isObject(options.json),
    expect: 'any',
    transportExpect: 'any',
    labels: [],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
