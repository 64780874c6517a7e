import { demand, type Draft } from './draft';
import { constrainedProperties, violations } from './json-schema';
import { pick, Stage, type Mutator } from './mutator';

/**
 * Schema-aware mutations: a value that breaks one constraint of the OpenAPI request schema (type, enum,
 * length, pattern, range, item count, unknown member, missing required member). The admin API validates
 * bodies against exactly these schemas, so each such request must be refused.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const breakConstraint: Mutator = {
  name: 'break a schema constraint',
  stage: Stage.Structure,
  weight: 5,
  lastInStage: true,
  applies: (d) => d.schema?.properties !== undefined && isObject(d.json) && d.text === undefined && d.bytes === undefined,
  apply(d: Draft, g) {
    const candidates = constrainedProperties(d.schema!).flatMap(({ path, schema }) => violations(schema).map((v) => ({ path, ...v })));
    if (!candidates.length) return 'no constraint to break';
    const { path, value, breaks } = pick(g, candidates);
    let node = d.json as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
    demand(d, 'refuse');
    return `${path.join('.')} breaks ${breaks}`;
  },
};

const dropRequired: Mutator = {
  name: 'drop a required member',
  stage: Stage.Structure,
  weight: 2,
  lastInStage: true,
  applies: (d) => (d.schema?.required?.length ?? 0) > 0 && isObject(d.json) && d.text === undefined && d.bytes === undefined,
  apply(d: Draft, g) {
    const name = pick(g, d.schema!.required!);
    delete (d.json as Record<string, unknown>)[name];
    demand(d, 'refuse');
    return `drop required ${name}`;
  },
};

export const SCHEMA_MUTATORS: readonly Mutator[] = [breakConstraint, dropRequired];
