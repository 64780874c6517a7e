/**
 * Error codes this library raises: RFC 6749 §4.1.2.1 / §5.2, RFC 6750 §3.1, RFC 9126 §2.3 (PAR),
 * RFC 9396 §5 (authorization details), RFC 8707 §2 (resource), RFC 9449 §5/§7/§8 (DPoP),
 * draft-ietf-oauth-attestation-based-client-auth §6.2 and the generic server codes.
 */
export type OAuth2ErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_authorization_details'
  | 'invalid_request_uri'
  | 'invalid_target'
  | 'access_denied'
  | 'invalid_token'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'use_attestation_challenge'
  | 'server_error'
  | 'temporarily_unavailable';

/** HTTP status used when the thrower does not pass one (RFC 6749 §5.2, RFC 6750 §3.1, RFC 9449 §5/§7). */
const DEFAULT_STATUS: Record<OAuth2ErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  invalid_scope: 400,
  invalid_authorization_details: 400,
  invalid_request_uri: 400,
  invalid_target: 400,
  access_denied: 403,
  invalid_token: 401,
  invalid_dpop_proof: 400,
  use_dpop_nonce: 400,
  use_attestation_challenge: 400,
  server_error: 500,
  temporarily_unavailable: 503,
};

export interface OAuth2ErrorOptions {
  /** HTTP status; defaults to the usual status of the code (400; 401 for invalid_client/invalid_token; 5xx). */
  status?: number;
  /** Response header values the transport must send, e.g. `WWW-Authenticate`, `DPoP-Nonce`. Never set here. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * Restricts text to the `error_description` character set of RFC 6749 §5.2 (%x20-21 / %x23-5B / %x5D-7E):
 * double quotes become single quotes, anything else outside the set becomes `?`, and it is cut at 300
 * characters. Security: keeps attacker-controlled text from breaking `WWW-Authenticate` headers or redirects.
 */
export function sanitizeErrorDescription(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += "'";
    else if (ch === '\\' || code < 0x20 || code > 0x7e) out += '?';
    else out += ch;
    if (out.length >= 300) break;
  }
  return out;
}

/**
 * The root of this library's error tree. `error` is the OAuth code, set where the error is thrown (never
 * derived from the message); `status` the HTTP status; `headers` response headers the transport must add.
 * It matches the platform's error filter structurally (`error`, `status`, `message`, `headers`), which renders
 * `{ error, error_description }`. The description is sanitised to the allowed ASCII subset.
 */
export class OAuth2Error extends Error {
  readonly error: OAuth2ErrorCode;
  readonly status: number;
  readonly headers?: Record<string, string>;

  constructor(error: OAuth2ErrorCode, description: string, options: OAuth2ErrorOptions = {}) {
    super(sanitizeErrorDescription(description), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OAuth2Error';
    this.error = error;
    this.status = options.status ?? DEFAULT_STATUS[error];
    if (options.headers) this.headers = options.headers;
  }

  /** The `error_description` (same as `message`). */
  get error_description(): string {
    return this.message;
  }

  /** The OAuth JSON error body `{ error, error_description }` (RFC 6749 §5.2). */
  toResponseBody(): { error: OAuth2ErrorCode; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

/**
 * An authorization request error (RFC 6749 §4.1.2.1). `redirectUri` (and the wallet's `state`) are set only when
 * the client and redirect URI had been validated before the failing check: then the error goes back to the
 * client by redirect (`buildAuthorizationErrorRedirect`). Without `redirectUri` it must be shown as a 400 page or
 * JSON and never redirected (security: an unvalidated redirect URI makes the AS an open redirector).
 */
export class AuthorizationRequestError extends OAuth2Error {
  readonly redirectUri?: string;
  readonly state?: string;

  constructor(error: OAuth2ErrorCode, description: string, options: OAuth2ErrorOptions & { redirectUri?: string; state?: string } = {}) {
    super(error, description, options);
    this.name = 'AuthorizationRequestError';
    if (options.redirectUri !== undefined) this.redirectUri = options.redirectUri;
    if (options.state !== undefined) this.state = options.state;
  }
}
