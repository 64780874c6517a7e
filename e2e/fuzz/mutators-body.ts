import fc from 'fast-check';
import { bodyText, demand, percentEncode, wtf8, type Draft } from './draft';
import { EDGE_STRINGS, edgeString, edgeValue, INVALID_JSON_TOKENS, PROTOTYPE_KEYS, rawToken, RAW_NUMBER_TOKENS } from './edge-values';
import { chance, int, pick, Stage, type Gen, type Mutator } from './mutator';

/** Mutations of the body: JSON structure and values, form pairs, JSON text and raw bytes. */

type Path = (string | number)[];

/** Every location in a JSON value (the root included), breadth first, at most `limit`. */
function locations(value: unknown, limit = 300): Path[] {
  const out: Path[] = [[]];
  const queue: [unknown, Path][] = [[value, []]];
  while (queue.length && out.length < limit) {
    const [node, path] = queue.shift()!;
    if (node === null || typeof node !== 'object') continue;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      const child = (node as Record<string | number, unknown>)[key];
      out.push([...path, key]);
      queue.push([child, [...path, key]]);
    }
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], root);
}

/** Sets a value at a path (the root when the path is empty) and returns the new root. */
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  Object.defineProperty(parent, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function deleteAt(root: unknown, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Record<string, unknown>)[key as string];
}

const describe = (path: Path) => (path.length ? path.join('.') : '(body)');
const hasJson = (d: Draft) => d.json !== undefined && d.text === undefined && d.bytes === undefined;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A location below the root, so the body stays an object (the root is mutated on purpose by its own mutator). */
function innerLocation(d: Draft, g: Gen): Path | undefined {
  const all = locations(d.json).filter((p) => p.length > 0);
  return all.length ? pick(g, all) : undefined;
}

const replaceValue: Mutator = {
  name: 'replace a value',
  stage: Stage.Structure,
  weight: 6,
  applies: hasJson,
  apply(d, g) {
    const path = innerLocation(d, g);
    if (!path) return 'no value to replace';
    const value = g(() => edgeValue);
    d.json = setAt(d.json, path, value);
    return `${describe(path)} = ${preview(value)}`;
  },
};

const removeMember: Mutator = {
  name: 'remove a member',
  stage: Stage.Structure,
  weight: 2,
  applies: (d) => hasJson(d) && locations(d.json).length > 1,
  apply(d, g) {
    const path = innerLocation(d, g)!;
    deleteAt(d.json, path);
    return `remove ${describe(path)}`;
  },
};

const addMember: Mutator = {
  name: 'add a member',
  stage: Stage.Structure,
  weight: 3,
  applies: (d) => hasJson(d) && locations(d.json).some((p) => isObject(getAt(d.json, p))),
  apply(d, g) {
    const objects = locations(d.json).filter((p) => isObject(getAt(d.json, p)));
    const path = pick(g, objects);
    const key = g(() => fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), edgeString, fc.constantFrom('colour', 'id', 'status')));
    const value = g(() => edgeValue);
    setAt(d.json, [...path, key], value);
    // An unknown member at the top of a strict admin body must be refused (API.md §0: unknown body fields → 400).
    if (path.length === 0 && d.strict && !d.members.includes(key)) demand(d, 'refuse');
    return `add ${describe([...path, key])} = ${preview(value)}`;
  },
};

const reshape: Mutator = {
  name: 'reshape',
  stage: Stage.Structure,
  weight: 2,
  applies: hasJson,
  apply(d, g) {
    const path = pick(g, locations(d.json));
    const value = getAt(d.json, path);
    const kind = pick(g, ['wrap in an array', 'unwrap', 'object to array', 'array to object', 'stringify'] as const);
    let next: unknown = value;
    if (kind === 'wrap in an array') next = [value];
    else if (kind === 'unwrap') next = Array.isArray(value) ? value[0] : isObject(value) ? Object.values(value)[0] : value;
    else if (kind === 'object to array') next = isObject(value) ? Object.entries(value) : [value];
    else if (kind === 'array to object') next = Array.isArray(value) ? { ...value } : { 0: value };
    else next = JSON.stringify(value);
    d.json = setAt(d.json, path, next);
    if (path.length === 0 && d.objectBody && !isObject(next)) demand(d, 'refuse');
    return `${kind} at ${describe(path)}`;
  },
};

const replaceBody: Mutator = {
  name: 'replace the whole body',
  stage: Stage.Structure,
  applies: (d) => hasJson(d) || (d.form !== undefined && d.text === undefined && d.bytes === undefined),
  apply(d, g) {
    const value = pick(g, [null, [], [{}], 'x', 42, true, {}] as unknown[]);
    d.json = value;
    d.form = undefined;
    if (d.objectBody && !isObject(value)) demand(d, 'refuse');
    return `body = ${JSON.stringify(value)}`;
  },
};

const rawNumber: Mutator = {
  name: 'raw number token',
  stage: Stage.Structure,
  weight: 2,
  applies: hasJson,
  apply(d, g) {
    const path = innerLocation(d, g);
    const invalid = chance(g, 0.3);
    const token = invalid ? pick(g, INVALID_JSON_TOKENS) : pick(g, RAW_NUMBER_TOKENS);
    if (!path) return 'no value';
    d.json = setAt(d.json, path, rawToken(token));
    if (invalid) demand(d, 'refuse');
    return `${describe(path)} = ${token} (raw JSON token)`;
  },
};

const deepNesting: Mutator = {
  name: 'deep nesting',
  stage: Stage.Structure,
  applies: hasJson,
  apply(d, g) {
    const path = innerLocation(d, g) ?? ['x'];
    const depth = pick(g, [64, 1000, 5000, 20000]);
    let inner = '1';
    for (let i = 0; i < depth; i++) inner = i % 2 ? `[${inner}]` : `{"a":${inner}}`;
    d.json = setAt(d.json, path, rawToken(inner));
    return `${describe(path)} nested ${depth} deep`;
  },
};

const longString: Mutator = {
  name: 'long string',
  stage: Stage.Structure,
  applies: (d) => hasJson(d) && locations(d.json).some((p) => typeof getAt(d.json, p) === 'string'),
  apply(d, g) {
    const path = pick(
      g,
      locations(d.json).filter((p) => typeof getAt(d.json, p) === 'string'),
    );
    const length = pick(g, [257, 1025, 65_537, 300_000]);
    const unit = pick(g, ['a', 'é', '😀', '\ud83d']);
    d.json = setAt(d.json, path, unit.repeat(Math.ceil(length / unit.length)));
    return `${describe(path)} = ${JSON.stringify(unit)} × ${length}`;
  },
};

const editString: Mutator = {
  name: 'edit a string',
  stage: Stage.Structure,
  weight: 4,
  applies: (d) => hasJson(d) && locations(d.json).some((p) => typeof getAt(d.json, p) === 'string'),
  apply(d, g) {
    const path = pick(
      g,
      locations(d.json).filter((p) => typeof getAt(d.json, p) === 'string'),
    );
    const original = getAt(d.json, path) as string;
    const insert = g(() => edgeString);
    const at = int(g, 0, original.length);
    const how = pick(g, ['insert', 'append', 'prepend', 'case'] as const);
    const next =
      how === 'insert'
        ? original.slice(0, at) + insert + original.slice(at)
        : how === 'append'
          ? original + insert
          : how === 'prepend'
            ? insert + original
            : original.toUpperCase() === original
              ? original.toLowerCase()
              : original.toUpperCase();
    d.json = setAt(d.json, path, next);
    return `${describe(path)} ${how} ${how === 'case' ? '' : preview(insert)}`.trim();
  },
};

const duplicateKey: Mutator = {
  name: 'duplicate a member',
  stage: Stage.Text,
  weight: 2,
  applies: (d) => d.bytes === undefined && isObject(d.text === undefined ? d.json : undefined) && Object.keys(d.json as object).length > 0,
  apply(d, g) {
    const json = d.json as Record<string, unknown>;
    const key = pick(g, Object.keys(json));
    const other = g(() => edgeValue);
    const text = bodyText(d)!;
    const member = `${JSON.stringify(key)}:${JSON.stringify(other) ?? 'null'}`;
    const first = chance(g, 0.5);
    d.text = first ? `{${member},${text.slice(1)}` : `${text.slice(0, -1)},${member}}`;
    return `duplicate ${key} ${first ? 'before' : 'after'} with ${preview(other)}`;
  },
};

const truncateText: Mutator = {
  name: 'truncate the body',
  stage: Stage.Text,
  applies: (d) => d.bytes === undefined && (bodyText(d)?.length ?? 0) > 2,
  apply(d, g) {
    const text = bodyText(d)!;
    const at = int(g, 1, text.length - 1);
    const wasJson = d.json !== undefined && d.form === undefined;
    d.text = text.slice(0, at);
    // Any strict prefix of the text of a JSON object is not JSON.
    if (wasJson && d.objectBody && text.startsWith('{')) demand(d, 'refuse');
    return `truncated to ${at} of ${text.length} characters`;
  },
};

const invalidUtf8: Mutator = {
  name: 'invalid UTF-8',
  stage: Stage.Bytes,
  weight: 2,
  applies: (d) => bodyText(d) !== undefined || d.bytes !== undefined,
  apply(d, g) {
    const bytes = d.bytes ?? Buffer.from(wtf8(bodyText(d)!), 'latin1');
    const garbage = pick(g, [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0xbd], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xe2, 0x82]]);
    const quote = bytes.indexOf(0x22, int(g, 0, Math.max(0, bytes.length - 1)));
    const at = quote >= 0 ? quote + 1 : int(g, 0, bytes.length);
    d.bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(garbage), bytes.subarray(at)]);
    return `bytes ${garbage.map((b) => b.toString(16)).join(' ')} at ${at}`;
  },
};

const encodingTricks: Mutator = {
  name: 'encoding tricks',
  stage: Stage.Bytes,
  applies: (d) => bodyText(d) !== undefined && d.bytes === undefined,
  apply(d, g) {
    const text = bodyText(d)!;
    const how = pick(g, ['BOM', 'UTF-16LE', 'UTF-16BE with BOM', 'trailing NUL', 'leading whitespace'] as const);
    if (how === 'BOM') d.bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(wtf8(text), 'latin1')]);
    else if (how === 'UTF-16LE') d.bytes = Buffer.from(text, 'utf16le');
    else if (how === 'UTF-16BE with BOM') d.bytes = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    else if (how === 'trailing NUL') d.bytes = Buffer.concat([Buffer.from(wtf8(text), 'latin1'), Buffer.from([0])]);
    else d.bytes = Buffer.from(`\r\n\t ${wtf8(text)}`, 'latin1');
    return `body ${how}`;
  },
};

const ONE_MIB = 1024 * 1024;
const oversize: Mutator = {
  name: 'oversize body',
  stage: Stage.Bytes,
  weight: 2,
  applies: (d) => d.method === 'POST' || d.method === 'PUT',
  apply(d, g) {
    const bytes = d.bytes ?? Buffer.from(wtf8(bodyText(d) ?? ''), 'latin1');
    const typed = d.headers.some(([n]) => n.toLowerCase() === 'content-type');
    const over = chance(g, 0.6);
    const size = over ? ONE_MIB + int(g, 1, 4096) : ONE_MIB - int(g, 0, 4096);
    const pad = Math.max(0, size - bytes.length);
    // Whitespace after JSON keeps it valid; after a form it is part of the last value.
    d.bytes = Buffer.concat([bytes, Buffer.alloc(pad, d.form ? 0x61 : 0x20)]);
    // 413 exactly for a body of the type the route reads (API.md §10); without a type 415 is as right.
    if (over) demand(d, typed ? 413 : 'refuse');
    return `${over ? 'just over' : 'just under'} 1 MiB (${d.bytes.length} bytes)`;
  },
};

const formEdit: Mutator = {
  name: 'form pairs',
  stage: Stage.Structure,
  weight: 6,
  applies: (d) => d.form !== undefined && d.text === undefined && d.bytes === undefined,
  apply(d, g) {
    const form = d.form!;
    const how = pick(g, ['drop', 'duplicate', 'replace', 'empty', 'percent damage', 'add', 'rename'] as const);
    const index = int(g, 0, Math.max(0, form.length - 1));
    const [name, value] = form[index] ?? ['x', ''];
    if (how === 'drop') form.splice(index, 1);
    else if (how === 'duplicate') form.splice(index + int(g, 0, 1), 0, [name, chance(g, 0.5) ? value : percentEncode(g(() => edgeString))]);
    else if (how === 'replace') form[index] = [name, percentEncode(g(() => edgeString))];
    else if (how === 'empty') form[index] = [name, ''];
    else if (how === 'percent damage')
      form[index] = [name, value + pick(g, ['%', '%z', '%zz', '%ff', '%ED%A0%BD', '%00', '\u00ff', '+%2B&', '=', '%C0%AF'])];
    else if (how === 'add')
      form.push([
        percentEncode(pick(g, [...PROTOTYPE_KEYS, 'scope', 'client_id', 'authorization_details'])),
        percentEncode(g(() => edgeString)),
      ]);
    else form[index] = [percentEncode(pick(g, EDGE_STRINGS.slice(0, 12))), value];
    return `form ${how} ${name}`;
  },
};

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}…(${text.length})` : text;
}

export const BODY_MUTATORS: readonly Mutator[] = [
  replaceValue,
  removeMember,
  addMember,
  reshape,
  replaceBody,
  rawNumber,
  deepNesting,
  longString,
  editString,
  duplicateKey,
  truncateText,
  invalidUtf8,
  encodingTricks,
  oversize,
  formEdit,
];
