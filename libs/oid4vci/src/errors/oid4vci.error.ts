/**
 * Error codes this library raises: RFC 6749 §5.2 / RFC 6750 §3.1 token and resource errors,
 * OID4VCI 1.0 §8.3.1 credential errors, RFC 9449 §5 DPoP errors and the generic server codes.
 */
export type Oid4vciErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_token'
  | 'invalid_credential_request'
  | 'unknown_credential_configuration'
  | 'unknown_credential_identifier'
  | 'invalid_proof'
  | 'invalid_nonce'
  | 'invalid_encryption_parameters'
  | 'credential_request_denied'
  | 'invalid_transaction_id'
  | 'invalid_notification_id'
  | 'invalid_notification_request'
  | 'invalid_dpop_proof'
  | 'server_error'
  | 'temporarily_unavailable';

/** HTTP status used when the thrower does not pass one (RFC 6749 §5.2, RFC 6750 §3.1, OID4VCI §8.3.1). */
const DEFAULT_STATUS: Record<Oid4vciErrorCode, number> = {
  invalid_request: 400,
  invalid_grant: 400,
  invalid_client: 401,
  unsupported_grant_type: 400,
  invalid_token: 401,
  invalid_credential_request: 400,
  unknown_credential_configuration: 400,
  unknown_credential_identifier: 400,
  invalid_proof: 400,
  invalid_nonce: 400,
  invalid_encryption_parameters: 400,
  credential_request_denied: 400,
  invalid_transaction_id: 400,
  invalid_notification_id: 400,
  invalid_notification_request: 400,
  invalid_dpop_proof: 401,
  server_error: 500,
  temporarily_unavailable: 503,
};

export interface Oid4vciErrorOptions {
  /** HTTP status; defaults to the usual status of the code (400, 401 for client/token/DPoP, 500, 503). */
  status?: number;
  /** Extra response headers, e.g. `WWW-Authenticate` or `DPoP-Nonce`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * Restricts text to the `error_description` character set of RFC 6749 §5.2 / OID4VCI §8.3.1
 * (%x20-21 / %x23-5B / %x5D-7E): double quotes become single quotes, anything else outside the
 * set becomes `?`. Security: keeps attacker-controlled text from breaking `WWW-Authenticate` headers.
 */
export function sanitizeErrorDescription(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += "'";
    else if (ch === '\\' || code < 0x20 || code > 0x7e) out += '?';
    else out += ch;
  }
  return out;
}

/**
 * The one error class of the OID4VCI protocol layer. `error` is the OAuth/OID4VCI code, set where the
 * error is thrown (never derived from the message); `status` the HTTP status; the transport filter
 * renders `{ error, error_description }` from it. The description is sanitised to the allowed ASCII subset.
 */
export class Oid4vciError extends Error {
  readonly error: Oid4vciErrorCode;
  readonly status: number;
  readonly headers?: Record<string, string>;

  constructor(error: Oid4vciErrorCode, description: string, options: Oid4vciErrorOptions = {}) {
    super(sanitizeErrorDescription(description), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Oid4vciError';
    this.error = error;
    this.status = options.status ?? DEFAULT_STATUS[error];
    if (options.headers) this.headers = options.headers;
  }

  /** The `error_description` (same as `message`). */
  get description(): string {
    return this.message;
  }

  /** The OAuth-style JSON error body `{ error, error_description }`. */
  toResponseBody(): { error: Oid4vciErrorCode; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}
