/** One field-level problem, shaped like the bus and problem+json error details. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * Codes set where a credential-format or data-function error is thrown; transport filters map them
 * (STYLE.md rule 5), so nobody ever has to derive a code from a message.
 */
export type CredentialErrorCode =
  | 'SD_MAP_INVALID'
  | 'SD_JWT_VC_INVALID_REQUEST'
  | 'SIGNING_FAILED'
  | 'SD_JWT_VC_ISSUE_FAILED'
  | 'W3C_VC_INVALID_REQUEST'
  | 'MAPPING_INVALID'
  | 'DATA_FUNCTION_UNKNOWN'
  | 'DATA_FUNCTION_INVALID_ARGUMENT'
  | 'DATA_FUNCTION_UNRESOLVED'
  | 'DATA_FUNCTION_WEBHOOK_UNAVAILABLE'
  | 'DATA_FUNCTION_WEBHOOK_FAILED'
  | 'INVALID_JWK'
  | 'MDOC_INVALID_REQUEST'
  | 'MDOC_UNSUPPORTED_ALGORITHM'
  | 'MDOC_DATA_MAPPING_INVALID'
  | 'MDOC_DATA_CONVERSION_FAILED'
  | 'MDOC_ISSUE_FAILED';

/** The error thrown by this library: a stable `code`, optional field issues and the original `cause`. */
export class CredentialError extends Error {
  constructor(
    readonly code: CredentialErrorCode,
    message: string,
    options?: { cause?: unknown; errors?: ValidationIssue[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CredentialError';
    this.errors = options?.errors;
  }

  readonly errors?: ValidationIssue[];
}
