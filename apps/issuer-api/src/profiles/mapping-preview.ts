import { parseTemplate, type DataFunctionCall } from '@issuer/credentials';

/** A member of the credential data or the JWT claims: object member names and array indexes. */
export type DataPath = (string | number)[];

/**
 * A value of the preview that will be different in a real credential: it depends on the holder, the session, the
 * signing time or a remote service. The preview shows an example in its place and says where the real one comes from.
 */
export interface PreviewPlaceholder {
  target: 'credentialData' | 'jwtClaims';
  path: DataPath;
  /** The data function as written in the mapping (a webhook URL without its query, which may carry credentials). */
  function: string;
  kind: 'holder' | 'session' | 'per-credential' | 'signing-time' | 'webhook';
  /** What the preview shows. */
  value: unknown;
  /** Where the real value comes from. */
  reason: string;
}

/** What the preview puts in for the holder's DID and the session id, which only a real issuance has. */
export const EXAMPLE_HOLDER_DID = 'did:example:holder';
export const EXAMPLE_SESSION_ID = 'example-session-id';

const JWT_PREFIX = 'jwt:';

type Kind = PreviewPlaceholder['kind'];

const TIME_FUNCTIONS = [
  'timestamp',
  'timestamp-seconds',
  'timestamp-in',
  'timestamp-in-seconds',
  'timestamp-before',
  'timestamp-before-seconds',
  'timestamp-ebsi',
  'timestamp-ebsi-in',
];

/** Which data functions need what only a real issuance has; the others (issuerId, issuerDid, display, …) are exact. */
function kindOf(call: DataFunctionCall): { kind: Kind; reason: string } | undefined {
  if (call.name === 'subjectDid')
    return {
      kind: 'holder',
      reason: "the holder's DID (did:jwk of the proof key, or the proof's kid DID), known at the credential request",
    };
  if (call.name === 'context' && call.arg === 'sessionId')
    return { kind: 'session', reason: "the session's id, made when the offer is created" };
  if (call.name === 'uuid') return { kind: 'per-credential', reason: 'a new random UUID for every credential' };
  if (TIME_FUNCTIONS.includes(call.name))
    return { kind: 'signing-time', reason: 'computed from the signing time; the preview uses the time it ran' };
  if (call.name === 'webhook' || call.name === 'webhook-json')
    return {
      kind: 'webhook',
      reason: `fetched from ${withoutQuery(call.arg)} when the credential is signed; the preview does not call it`,
    };
  return undefined;
}

/** The URL as the preview shows it: origin and path, without user info or query. */
function withoutQuery(url: string | undefined): string {
  try {
    const parsed = new URL(url ?? '');
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

interface CallSite {
  path: DataPath;
  call: DataFunctionCall;
  kind: Kind;
  reason: string;
}

/**
 * Prepares a stored mapping for the preview: every `<webhook…>` call (and `<last:webhook…>`) is replaced by a text
 * saying where the value would come from, so that the preview calls no remote service (a GET can have effects there,
 * and its answer may depend on the session); every call the preview cannot evaluate exactly is listed with its path
 * in the mapping. The rest of the mapping is left for the real evaluator.
 */
export function stageMapping(mapping: Record<string, unknown>): { mapping: Record<string, unknown>; sites: CallSite[] } {
  const sites: CallSite[] = [];
  const kinds = new Map<string, { kind: Kind; reason: string }>();
  const visit = (value: unknown, path: DataPath): unknown => {
    if (Array.isArray(value)) return value.map((member, i) => visit(member, [...path, i]));
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, visit(member, [...path, key])]));
    const call = parseTemplate(value);
    if (!call) return value;
    // `<last:fn>` repeats fn's value: it is as exact (or not) as fn.
    const described = call.name === 'last' ? lastKind(call.arg) : kindOf(call);
    if (!described) return value;
    sites.push({ path, call, ...described });
    if (described.kind !== 'webhook') return value;
    return call.name === 'last'
      ? `[the value of the last <${call.arg}:…> call, fetched at issuance]`
      : `[fetched at issuance: ${withoutQuery(call.arg)}]`;
  };
  const lastKind = (name: string | undefined) => {
    const described = kinds.get(name ?? '');
    return described && { ...described, reason: `repeats the last <${name}> value: ${described.reason}` };
  };
  // Classify the named functions first: a `<last:fn>` may come before its fn in key order.
  collectKinds(mapping, kinds);
  return { mapping: visit(mapping, []) as Record<string, unknown>, sites };
}

function collectKinds(value: unknown, kinds: Map<string, { kind: Kind; reason: string }>): void {
  if (Array.isArray(value)) value.forEach((member) => collectKinds(member, kinds));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((member) => collectKinds(member, kinds));
  else {
    const call = parseTemplate(value);
    const described = call && call.name !== 'last' ? kindOf(call) : undefined;
    if (call && described) kinds.set(call.name, described);
  }
}

/**
 * Where a mapping value ends up in the credential: `jwt:` members in the JWT claims, the others in the credential data,
 * into which the mapping is deep-merged with arrays appended (deepMergeAppend): an array element lands after the
 * elements the data already had at that place.
 */
export function placeholdersOf(
  sites: CallSite[],
  data: Record<string, unknown>,
  result: { claims: Record<string, unknown>; jwtClaims: Record<string, unknown> },
): PreviewPlaceholder[] {
  return sites.map(({ path, call, kind, reason }) => {
    const [first, ...rest] = path;
    const jwt = typeof first === 'string' && first.startsWith(JWT_PREFIX);
    const target = jwt ? 'jwtClaims' : 'credentialData';
    const at = jwt ? [first.slice(JWT_PREFIX.length), ...rest] : mergedPath(data, path);
    return {
      target,
      path: at,
      function: `<${call.name}${call.arg === undefined ? '' : `:${call.name.startsWith('webhook') ? withoutQuery(call.arg) : call.arg}`}>`,
      kind,
      value: valueAt(jwt ? result.jwtClaims : result.claims, at),
      reason,
    };
  });
}

function mergedPath(base: unknown, path: DataPath): DataPath {
  const out: DataPath = [];
  // The data at the same place while the merge still descends into it; undefined once the mapping replaces or appends.
  let cursor: unknown = base;
  for (const segment of path) {
    if (typeof segment === 'number') {
      out.push(Array.isArray(cursor) ? cursor.length + segment : segment);
      cursor = undefined;
    } else {
      out.push(segment);
      cursor =
        typeof cursor === 'object' && cursor !== null && !Array.isArray(cursor) ? (cursor as Record<string, unknown>)[segment] : undefined;
    }
  }
  return out;
}

function valueAt(root: unknown, path: DataPath): unknown {
  let cursor = root;
  for (const segment of path) {
    if (typeof cursor !== 'object' || cursor === null || !Object.hasOwn(cursor, segment)) return undefined;
    cursor = (cursor as Record<string | number, unknown>)[segment];
  }
  return cursor;
}
