import { CredentialError } from '../shared/credential-error';
import { isPlainObject } from '../shared/json-object.util';
import { EvaluationEnv, runCall } from './data-function.catalog';
import { DataFunctionCall, DataFunctionCallbacks, DataFunctionContext } from './data-function.types';
import { parseTemplate } from './mapping-template.parser';
import { collectMappingIssues, JWT_CLAIM_PREFIX, memberPath } from './mapping.validator';

export interface MappingResult {
  credentialData: Record<string, unknown>;
  jwtClaims: Record<string, unknown>;
}

/**
 * Evaluates a `mapping` at signing time (waltid-issuer2-model.md §8, API.md §10): templates are replaced
 * by data-function results, other values are copied, and top-level `jwt:` keys go to `jwtClaims`. The
 * caller merges `credentialData` into the credential with {@link deepMergeAppend}. The whole mapping is
 * checked first, so an invalid one fails before any webhook is called.
 * @throws CredentialError with the code of the first problem (`DATA_FUNCTION_*` or `MAPPING_INVALID`)
 */
export async function applyMapping(
  mapping: Record<string, unknown>,
  ctx: DataFunctionContext,
  callbacks?: DataFunctionCallbacks,
): Promise<MappingResult> {
  const issues = collectMappingIssues(mapping);
  const first = issues[0];
  if (first) {
    throw new CredentialError(first.code, `mapping ${first.path}: ${first.message}`, {
      errors: issues.map(({ path, message }) => ({ path, message })),
    });
  }
  const env: EvaluationEnv = { ctx, callbacks, history: new Map() };
  const result: MappingResult = { credentialData: {}, jwtClaims: {} };
  // Two passes: every function first, then each `<last:fn>` from the results (key order is not kept in storage).
  const deferred: Deferred[] = [];
  const root = await evaluate(mapping, '', env, deferred);
  for (const { call, path, assign } of deferred) assign(await run(call, path, env));
  for (const [key, evaluated] of Object.entries(root as Record<string, unknown>)) {
    if (key.startsWith(JWT_CLAIM_PREFIX)) result.jwtClaims[key.slice(JWT_CLAIM_PREFIX.length)] = evaluated;
    else result.credentialData[key] = evaluated;
  }
  return result;
}

interface Deferred {
  call: DataFunctionCall;
  path: string;
  assign(value: unknown): void;
}

async function evaluate(value: unknown, path: string, env: EvaluationEnv, deferred: Deferred[]): Promise<unknown> {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    // Sequential on purpose: with several calls of one function, `<last:fn>` gets the last one evaluated.
    for (let i = 0; i < value.length; i++) {
      const member = value[i];
      if (isLastCall(member)) {
        out.push(null);
        deferred.push({ call: parseTemplate(member)!, path: memberPath(path, i), assign: (v) => (out[i] = v) });
      } else out.push(await evaluate(member, memberPath(path, i), env, deferred));
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (isLastCall(member)) {
        out[key] = null;
        deferred.push({ call: parseTemplate(member)!, path: memberPath(path, key), assign: (v) => (out[key] = v) });
      } else out[key] = await evaluate(member, memberPath(path, key), env, deferred);
    }
    return out;
  }
  const call = parseTemplate(value);
  if (!call) return value;
  return run(call, path, env);
}

function isLastCall(value: unknown): boolean {
  return parseTemplate(value)?.name === 'last';
}

async function run(call: DataFunctionCall, path: string, env: EvaluationEnv): Promise<unknown> {
  try {
    return await runCall(call, env);
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error;
    throw new CredentialError(error.code, `mapping ${path}: ${error.message}`, {
      cause: error,
      errors: [{ path, message: error.message }],
    });
  }
}
