import { CredentialError, CredentialErrorCode } from '../shared/credential-error';
import { hasOwn } from '../shared/json-object.util';
import { DataFunctionCall, DataFunctionCallbacks, DataFunctionContext } from './data-function.types';
import { parseDuration } from './duration.parser';

type ArgKind = 'none' | 'duration' | 'key' | 'url' | 'function';

/** What a data function sees while a mapping is evaluated. */
export interface EvaluationEnv {
  ctx: DataFunctionContext;
  callbacks?: DataFunctionCallbacks;
  /** Latest result per function name, for `<last:fn>`. */
  history: Map<string, unknown>;
}

interface DataFunctionSpec {
  arg: ArgKind;
  run(arg: string, env: EvaluationEnv): unknown;
}

/** Walt.id data functions (waltid-issuer2-model.md §8, API.md §10). */
const CATALOG: Record<string, DataFunctionSpec> = {
  uuid: { arg: 'none', run: (_, { ctx }) => `urn:uuid:${ctx.randomUuid()}` },
  subjectDid: { arg: 'none', run: (_, { ctx }) => required(ctx.subjectDid, 'subjectDid') },
  issuerDid: { arg: 'none', run: (_, { ctx }) => required(ctx.issuerDid, 'issuerDid') },
  issuerId: { arg: 'none', run: (_, { ctx }) => required(ctx.issuerId, 'issuerId') },
  display: { arg: 'none', run: (_, { ctx }) => structuredClone(required(ctx.display, 'display')) },
  context: {
    arg: 'key',
    run: (key, { ctx }) =>
      structuredClone(required(ctx.context && hasOwn(ctx.context, key) ? ctx.context[key] : undefined, `context "${key}"`)),
  },
  timestamp: { arg: 'none', run: (_, { ctx }) => iso(now(ctx)) },
  'timestamp-seconds': { arg: 'none', run: (_, { ctx }) => seconds(now(ctx)) },
  'timestamp-in': { arg: 'duration', run: (d, { ctx }) => iso(now(ctx) + durationMs(d)) },
  'timestamp-in-seconds': { arg: 'duration', run: (d, { ctx }) => seconds(now(ctx) + durationMs(d)) },
  'timestamp-before': { arg: 'duration', run: (d, { ctx }) => iso(now(ctx) - durationMs(d)) },
  'timestamp-before-seconds': { arg: 'duration', run: (d, { ctx }) => seconds(now(ctx) - durationMs(d)) },
  'timestamp-ebsi': { arg: 'none', run: (_, { ctx }) => isoWithoutFraction(now(ctx)) },
  'timestamp-ebsi-in': { arg: 'duration', run: (d, { ctx }) => isoWithoutFraction(now(ctx) + durationMs(d)) },
  webhook: { arg: 'url', run: (url, env) => fetchText(url, env) },
  'webhook-json': { arg: 'url', run: async (url, env) => parseJson(url, await fetchText(url, env)) },
  last: { arg: 'function', run: (fn, { history }) => structuredClone(history.get(fn)) },
};

/** A statically detectable problem with one template call. */
export interface CallIssue {
  code: CredentialErrorCode;
  message: string;
}

/**
 * Checks a call before anything runs: the function exists, its argument has the right form, and a
 * `<last:fn>` refers to a call of `fn` made elsewhere in the mapping (`called`).
 */
export function checkCall(call: DataFunctionCall, called: ReadonlySet<string>): CallIssue | undefined {
  const spec = hasOwn(CATALOG, call.name) ? CATALOG[call.name] : undefined;
  if (!spec) return { code: 'DATA_FUNCTION_UNKNOWN', message: `unknown data function "${call.name}"` };
  const bad = (message: string): CallIssue => ({ code: 'DATA_FUNCTION_INVALID_ARGUMENT', message });
  if (spec.arg === 'none') return call.arg === undefined ? undefined : bad(`<${call.name}> takes no argument`);
  if (call.arg === undefined || call.arg === '') return bad(`<${call.name}:…> needs an argument`);
  switch (spec.arg) {
    case 'duration': {
      const parsed = parseDuration(call.arg);
      return parsed.valid ? undefined : bad(parsed.message);
    }
    case 'url':
      return isHttpUrl(call.arg) ? undefined : bad(`"${call.arg}" is not an http(s) URL`);
    case 'function':
      if (call.arg === 'last' || !hasOwn(CATALOG, call.arg)) return bad(`<last:${call.arg}> names no data function`);
      return called.has(call.arg)
        ? undefined
        : { code: 'DATA_FUNCTION_UNRESOLVED', message: `<last:${call.arg}> has no <${call.arg}> call in the mapping` };
    default:
      return undefined;
  }
}

/** Runs a call that passed {@link checkCall} and records its result for `<last:…>`. */
export async function runCall(call: DataFunctionCall, env: EvaluationEnv): Promise<unknown> {
  const spec = CATALOG[call.name]!;
  const result = await spec.run(call.arg ?? '', env);
  if (call.name !== 'last') env.history.set(call.name, result);
  return result;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === null) {
    throw new CredentialError('DATA_FUNCTION_UNRESOLVED', `no ${what} in the signing context`);
  }
  return value;
}

function now(ctx: DataFunctionContext): number {
  const ms = ctx.now instanceof Date ? ctx.now.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new CredentialError('DATA_FUNCTION_UNRESOLVED', 'the signing context has no valid time');
  return ms;
}

function durationMs(value: string): number {
  const parsed = parseDuration(value);
  if (!parsed.valid) throw new CredentialError('DATA_FUNCTION_INVALID_ARGUMENT', parsed.message);
  return parsed.ms;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const seconds = (ms: number): number => Math.floor(ms / 1000);
// EBSI wants RFC 3339 date-times without fractional seconds.
const isoWithoutFraction = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

async function fetchText(url: string, { callbacks }: EvaluationEnv): Promise<string> {
  if (!callbacks?.fetchText) {
    throw new CredentialError('DATA_FUNCTION_WEBHOOK_UNAVAILABLE', 'webhook data functions are not available here');
  }
  try {
    return await callbacks.fetchText(url);
  } catch (cause) {
    throw new CredentialError('DATA_FUNCTION_WEBHOOK_FAILED', `fetching ${redacted(url)} failed`, { cause });
  }
}

function parseJson(url: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CredentialError('DATA_FUNCTION_WEBHOOK_FAILED', `${redacted(url)} did not return JSON`, { cause });
  }
}

/**
 * The URL as error messages may show it (they reach the wallet, the session and its events): scheme, host
 * and path only, without user info or query, which may carry credentials.
 */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
