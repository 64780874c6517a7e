import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { AppError, type FieldError } from '@issuer/platform';

/** Deeper than any real credential (SD maps and mappings stop at 32); shallow enough for recursive code. */
export const MAX_INPUT_DEPTH = 64;

/** A UTF-16 surrogate without its partner: JSON can carry it as `\ud83d`, but it is not text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why `text` cannot be stored or encoded, if it cannot: U+0000 (PostgreSQL text and jsonb cannot hold it) or a
 * lone surrogate (jsonb refuses it with 22P02, UTF-8 and ASN.1 encoders throw).
 */
export function unencodableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (U+0000) characters';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (a lone UTF-16 surrogate is not a character)';
  return undefined;
}

/**
 * The first reason `value` cannot be stored: a string or key that is not encodable text (see
 * unencodableText), or nesting deeper than MAX_INPUT_DEPTH (recursive cloning and serialisation overflow the
 * stack). Undefined when the value is fine.
 */
export function unsafeInput(value: unknown, path = '', depth = 0): FieldError | undefined {
  if (typeof value === 'string') {
    const message = unencodableText(value);
    return message ? { path, message } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_INPUT_DEPTH) return { path, message: `nesting deeper than ${MAX_INPUT_DEPTH} levels` };
  for (const [key, member] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const keyProblem = unencodableText(key);
    if (keyProblem) return { path: at, message: keyProblem };
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
