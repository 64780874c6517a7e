/** Error codes of the admin API; each maps to one HTTP status in the problem+json filter. */
export const APP_ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADER_FIELDS_TOO_LARGE: 431,
  EXPECTATION_FAILED: 417,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const;
export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export interface FieldError {
  path: string;
  message: string;
}

/**
 * A coded application error; the code is set where it is thrown, never derived from a message. `headers` go out with
 * the error answer in every format (e.g. `Retry-After` of a 429).
 */
export class AppError extends Error {
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly errors?: FieldError[],
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.name = 'AppError';
    if (options?.headers) this.headers = options.headers;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }

  static validation(errors: FieldError[], message = 'The request is invalid'): AppError {
    return new AppError('VALIDATION_FAILED', message, errors);
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }
}
