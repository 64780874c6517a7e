/**
 * One problem in admin input, for a `400` that names the field: `path` is dot-separated and relative to the
 * validated value (`credentials.0.format`, `trustedIssuers.2`); the caller prefixes it with where the value sits.
 */
export interface FieldError {
  path: string;
  message: string;
}

/** The result of an admin-time validation (STYLE.md 4). */
export type Validation<T> = { valid: true; value: T } | { valid: false; errors: FieldError[] };
