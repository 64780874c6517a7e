import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { AppError, type FieldError } from '@issuer/platform';

/** Deeper than any real credential (SD maps and mappings stop at 32); shallow enough for recursive code. */
export const MAX_INPUT_DEPTH = 64;

/**
 * The first reason `value` cannot be stored: a string or key containing U+0000 (PostgreSQL text and
 * jsonb cannot hold it), or nesting deeper than MAX_INPUT_DEPTH (recursive cloning and serialisation
 * overflow the stack). Undefined when the value is fine.
 */
export function unsafeInput(value: unknown, path = '', depth = 0): FieldError | undefined {
  if (typeof value === 'string')
    return value.includes('\u0000') ? { path, message: 'must not contain NUL (U+0000) characters' } : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_INPUT_DEPTH) return { path, message: `nesting deeper than ${MAX_INPUT_DEPTH} levels` };
  for (const [key, member] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return { path: at, message: 'must not contain NUL (U+0000) characters' };
    const found = unsafeInput(member, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses input that would otherwise fail deep inside SQL or recursive code with a 500: 400 problem+json
 * under /api, `invalid_request` on wallet paths. `body: false` leaves bodies alone (wallet requests
 * ignore unknown members and are parsed by the protocol library).
 */
@Injectable()
export class SafeInputPipe implements PipeTransform {
  constructor(private readonly options: { body?: boolean } = {}) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom' || (metadata.type === 'body' && this.options.body === false)) return value;
    const problem = unsafeInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (problem) throw AppError.validation([{ path: problem.path || '(body)', message: problem.message }]);
    return value;
  }
}
