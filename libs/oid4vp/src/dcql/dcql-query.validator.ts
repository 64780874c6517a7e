import { DcqlCredentialQuery, DcqlQuery } from 'dcql';
import { isPlainObject } from '@issuer/oauth2';
import type { FieldError, Validation } from '../validation/field-error';

/** Credential formats this verifier can check (OpenID4VP 1.0 Appendix B; `vc+sd-jwt` = SD-JWT VC before 2024). */
export const SUPPORTED_DCQL_FORMATS = ['dc+sd-jwt', 'vc+sd-jwt', 'jwt_vc_json', 'mso_mdoc'] as const;
export type SupportedDcqlFormat = (typeof SUPPORTED_DCQL_FORMATS)[number];

/** The `meta` member each format requires (OpenID4VP 1.0 §6.1 and Appendix B.1.1, B.2.3, B.3.5). */
const REQUIRED_META: Record<SupportedDcqlFormat, { name: string; array: boolean }> = {
  'dc+sd-jwt': { name: 'vct_values', array: true },
  'vc+sd-jwt': { name: 'vct_values', array: true },
  jwt_vc_json: { name: 'type_values', array: true },
  mso_mdoc: { name: 'doctype_value', array: false },
};

interface ValiIssueLike {
  message: string;
  path?: { key: unknown }[];
}

/** The issues of a `valibot` ValiError thrown by `DcqlQuery.parse`, without importing valibot itself. */
function issuesOf(error: unknown): ValiIssueLike[] | undefined {
  const issues = isPlainObject(error) || error instanceof Error ? (error as { issues?: unknown }).issues : undefined;
  return Array.isArray(issues) ? (issues as ValiIssueLike[]) : undefined;
}

const pathOf = (issue: ValiIssueLike): string => (issue.path ?? []).map((item) => String(item.key)).join('.');

/** Checks the rules of this verifier beyond DCQL syntax: supported formats, the required `meta`, no trusted_authorities. */
function verifierRules(query: DcqlQuery.Output): FieldError[] {
  const errors: FieldError[] = [];
  query.credentials.forEach((credential, index) => {
    const at = `credentials.${index}`;
    const format = credential.format as SupportedDcqlFormat;
    if (!SUPPORTED_DCQL_FORMATS.includes(format)) {
      errors.push({ path: `${at}.format`, message: `format ${credential.format} is not supported (${SUPPORTED_DCQL_FORMATS.join(', ')})` });
      return;
    }
    const required = REQUIRED_META[format];
    const value = (credential.meta as Record<string, unknown> | undefined)?.[required.name];
    const present = required.array ? Array.isArray(value) && value.length > 0 : typeof value === 'string' && value !== '';
    if (!present) errors.push({ path: `${at}.meta.${required.name}`, message: `is required for format ${format}` });
    if (credential.trusted_authorities !== undefined) {
      errors.push({ path: `${at}.trusted_authorities`, message: 'is not supported: configure trust with trustedIssuers' });
    }
    try {
      DcqlCredentialQuery.validate(credential);
    } catch (error) {
      errors.push({ path: `${at}.claim_sets`, message: error instanceof Error ? error.message : 'refers to an undefined claim id' });
    }
  });
  return errors;
}

/** Unique credential query ids and credential set options naming existing ids (OpenID4VP 1.0 §6.1, §6.2). */
function referenceRules(query: DcqlQuery.Output): FieldError[] {
  const errors: FieldError[] = [];
  const indexOf = new Map<string, number>();
  query.credentials.forEach((credential, index) => {
    const first = indexOf.get(credential.id);
    if (first === undefined) indexOf.set(credential.id, index);
    else errors.push({ path: `credentials.${index}.id`, message: `repeats the id of credentials.${first}` });
  });
  query.credential_sets?.forEach((set, i) =>
    set.options.forEach((option, j) =>
      option.forEach((id, k) => {
        if (!indexOf.has(id)) errors.push({ path: `credential_sets.${i}.options.${j}.${k}`, message: `names no credential query (${id})` });
      }),
    ),
  );
  return errors;
}

/** Parses and checks a DCQL query; the output is the `dcql` package's parsed query. */
function checkDcqlQuery(query: unknown): Validation<DcqlQuery.Output> {
  let parsed: DcqlQuery.Output;
  try {
    parsed = DcqlQuery.parse(query as DcqlQuery.Input);
  } catch (error) {
    const issues = issuesOf(error);
    if (!issues) return { valid: false, errors: [{ path: '', message: 'is not a DCQL query' }] };
    return { valid: false, errors: issues.map((issue) => ({ path: pathOf(issue), message: issue.message })) };
  }
  const errors = [...referenceRules(parsed), ...verifierRules(parsed)];
  if (errors.length === 0) {
    // The package's own semantic checks, as a final guard for rules the checks above do not know yet.
    try {
      DcqlQuery.validate(parsed);
    } catch (error) {
      errors.push({ path: '', message: error instanceof Error ? error.message : 'is not a valid DCQL query' });
    }
  }
  return errors.length ? { valid: false, errors } : { valid: true, value: parsed };
}

/**
 * Validates a DCQL query for a `VP_TOKEN` profile at admin time (OpenID4VP 1.0 §6): the syntax through the `dcql`
 * package (structure, ids, claim paths, unique ids, credential sets), and this verifier's rules — a supported
 * `format`, the `meta` the format requires (`vct_values`, `type_values`, `doctype_value`), no `trusted_authorities`
 * (trust comes from `trustedIssuers`). Returns no errors for a valid query; paths are relative to the query, e.g.
 * `credentials.0.format`, and empty for the query itself.
 */
export function validateDcqlQuery(query: unknown): FieldError[] {
  const validation = checkDcqlQuery(query);
  return validation.valid ? [] : validation.errors;
}

/** Parses the configured query for verification; an invalid one is a configuration error of the caller (thrown). */
export function parseConfiguredDcqlQuery(query: unknown): DcqlQuery.Output {
  const validation = checkDcqlQuery(query);
  if (!validation.valid) throw new TypeError(`dcqlQuery is invalid: ${validation.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return validation.value;
}
