import Papa from 'papaparse';
import { MAX_BATCH_OFFERS, MAX_EXPIRES_IN_SECONDS, SESSION_ID_PATTERN, type OfferRequest } from './types';
import { txCodeValueError, type OfferFormValues } from './offer-form';

/**
 * Batch offers from a CSV file: one offer per row. A column named like a credentialData path (`given_name`,
 * `address.locality`; a leading `credentialData.` is allowed, to use a reserved name) fills that field of the
 * row's runtime overrides; the reserved columns set the offer itself.
 */
export const RESERVED_COLUMNS = ['sessionId', 'txCodeValue', 'expiresInSeconds'] as const;
type Reserved = (typeof RESERVED_COLUMNS)[number];
const isReserved = (column: string): column is Reserved => (RESERVED_COLUMNS as readonly string[]).includes(column);

export interface CsvTable {
  columns: string[];
  rows: Record<string, string>[];
  /** Problems of the file as a whole: no rows, a repeated column, too many rows. */
  errors: string[];
  /** Problems of single rows as the parser saw them (a row with too few or too many cells), by row index. */
  rowErrors: Map<number, string[]>;
}

export function parseCsv(text: string): CsvTable {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim(),
  });
  const errors: string[] = [];
  const rowErrors = new Map<number, string[]>();
  const renamed = result.meta.renamedHeaders ?? {};
  const columns = (result.meta.fields ?? []).filter((c) => !(c in renamed));
  for (const original of new Set(Object.values(renamed))) errors.push(`The column "${original}" appears more than once`);
  if (columns.some((c) => c === '')) errors.push('A column has no name in the header row');
  for (const problem of result.errors) {
    if (problem.code === 'UndetectableDelimiter') continue; // a file of one column has none to detect
    if (problem.row === undefined) errors.push(problem.message);
    else rowErrors.set(problem.row, [...(rowErrors.get(problem.row) ?? []), problem.message]);
  }
  if (columns.length === 0 || result.data.length === 0) errors.push('The file needs a header row and at least one row of data');
  if (result.data.length > MAX_BATCH_OFFERS)
    errors.push(`At most ${MAX_BATCH_OFFERS} rows per batch (this file has ${result.data.length})`);
  return { columns, rows: result.data, errors, rowErrors };
}

export interface ColumnPlan {
  column: string;
  /** The credentialData path a data column fills; absent for reserved columns. */
  path?: string[];
}

/** Which column fills what, and the header's problems: a path that is a prefix of another cannot hold both. */
export function planColumns(columns: string[], profileData: Record<string, unknown> = {}) {
  const errors: string[] = [];
  const warnings: string[] = [];
  const plan: ColumnPlan[] = columns.map((column) => {
    if (isReserved(column)) return { column };
    const path = column.replace(/^credentialData\./, '').split('.');
    if (path.some((part) => part === '')) errors.push(`The column "${column}" is not a valid path (an empty part between dots)`);
    else if (valueAt(profileData, path) === undefined) warnings.push(`"${column}" is not in the profile's data: the offers add it`);
    return { column, path };
  });
  const paths = plan.filter((p) => p.path).map((p) => p.path!.join('.'));
  for (const a of paths)
    for (const b of paths) if (b.startsWith(`${a}.`)) errors.push(`The columns "${a}" and "${b}" overlap: "${a}" would replace "${b}"`);
  return { plan, errors, warnings };
}

function valueAt(data: unknown, path: string[]): unknown {
  let current = data;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let current = target;
  for (const part of path.slice(0, -1)) current = (current[part] ??= {}) as Record<string, unknown>;
  current[path[path.length - 1]] = value;
}

/**
 * A cell as the type the profile's data has at that path, since a CSV holds only text: numbers and booleans stay
 * what the credential expects, objects and arrays are written as JSON, and anything the profile lacks stays text.
 */
export function coerceCell(cell: string, example: unknown): { value: unknown } | { error: string } {
  if (typeof example === 'number') {
    const value = Number(cell);
    return cell.trim() !== '' && Number.isFinite(value) ? { value } : { error: `"${cell}" is not a number` };
  }
  if (typeof example === 'boolean') {
    const text = cell.trim().toLowerCase();
    if (text === 'true' || text === 'false') return { value: text === 'true' };
    return { error: `"${cell}" is not true or false` };
  }
  if (example !== null && typeof example === 'object') {
    try {
      const value: unknown = JSON.parse(cell);
      if (Array.isArray(example) === Array.isArray(value) && value !== null && typeof value === 'object') return { value };
    } catch {
      // reported below
    }
    return { error: `must be a JSON ${Array.isArray(example) ? 'array' : 'object'}` };
  }
  return { value: cell };
}

export interface PreparedRow {
  /** 0-based index among the data rows (the API's `offers.<index>`). */
  index: number;
  cells: Record<string, string>;
  request: OfferRequest;
  errors: string[];
}

/**
 * Every row as the offer it becomes, with what is wrong with it. `settings` is the part every row shares
 * (settingsToRequest); an empty cell leaves the profile's value.
 */
export function prepareRows(
  table: CsvTable,
  plan: ColumnPlan[],
  settings: OfferRequest,
  txCode: OfferFormValues['txCode'],
  profileData: Record<string, unknown> = {},
): PreparedRow[] {
  const sessionIds = new Map<string, number>();
  return table.rows.map((cells, index) => {
    const errors = [...(table.rowErrors.get(index) ?? [])];
    const request: OfferRequest = { ...settings };
    const credentialData: Record<string, unknown> = {};
    for (const { column, path } of plan) {
      const cell = (cells[column] ?? '').trim();
      if (cell === '') continue;
      if (path) {
        const coerced = coerceCell(cell, valueAt(profileData, path));
        if ('error' in coerced) errors.push(`${column}: ${coerced.error}`);
        else setAt(credentialData, path, coerced.value);
      } else if (column === 'sessionId') {
        if (!SESSION_ID_PATTERN.test(cell)) errors.push('sessionId: 1–128 characters: letters, digits, "_" and "-"');
        else if (sessionIds.has(cell)) errors.push(`sessionId: "${cell}" is also in row ${sessionIds.get(cell)! + 1}`);
        else sessionIds.set(cell, index);
        request.sessionId = cell;
      } else if (column === 'txCodeValue') {
        const error = settings.txCode ? txCodeValueError(cell, txCode) : 'only with a transaction code (turn on tx_code above)';
        if (error) errors.push(`txCodeValue: ${error}`);
        request.txCodeValue = cell;
      } else if (column === 'expiresInSeconds') {
        const seconds = Number(cell);
        if (!Number.isInteger(seconds) || (seconds !== -1 && (seconds < 1 || seconds > MAX_EXPIRES_IN_SECONDS)))
          errors.push(`expiresInSeconds: whole seconds from 1 to ${MAX_EXPIRES_IN_SECONDS}, or -1 for never`);
        request.expiresInSeconds = seconds;
      }
    }
    if (Object.keys(credentialData).length > 0) request.runtimeOverrides = { credentialData };
    return { index, cells, request, errors };
  });
}

/** The batch refusal's `offers.<i>.<path>` errors by row index, and those about the body as a whole. */
export function batchErrorsByRow(errors: { path: string; message: string }[]) {
  const rows = new Map<number, string[]>();
  const general: { path: string; message: string }[] = [];
  for (const { path, message } of errors) {
    const match = /^offers\.(\d+)(?:\.(.*))?$/.exec(path);
    if (!match) {
      general.push({ path, message });
      continue;
    }
    const row = Number(match[1]);
    rows.set(row, [...(rows.get(row) ?? []), match[2] ? `${match[2]}: ${message}` : message]);
  }
  return { rows, general };
}

/** The column that names a card on the printed sheet: a name-like column when there is one. */
export function defaultNameColumn(columns: string[]): string | undefined {
  const preferred = ['name', 'full_name', 'given_name', 'family_name', 'holder'];
  return columns.find((c) => preferred.includes(c.toLowerCase())) ?? columns.find((c) => !isReserved(c));
}
