/** Error codes that cross the bus. Transport filters map them to HTTP (problem+json or OAuth errors). */
export type BusErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'UNSUPPORTED' | 'TIMEOUT' | 'UNAVAILABLE' | 'INTERNAL';

export interface BusErrorDetail {
  path: string;
  message: string;
}

/** The wire form of a failed reply. `message` is safe to show to an administrator (no secrets). */
export interface BusErrorPayload {
  code: BusErrorCode;
  message: string;
  errors?: BusErrorDetail[];
}

/** The wire form of every reply: a success with data or a coded error. */
export type BusReply<T> = { ok: true; data: T } | { ok: false; error: BusErrorPayload };

/** Thrown by bus clients when the remote handler answered with an error, or the call failed. */
export class BusError extends Error {
  constructor(
    readonly code: BusErrorCode,
    message: string,
    readonly errors?: BusErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BusError';
  }

  toPayload(): BusErrorPayload {
    return { code: this.code, message: this.message, ...(this.errors ? { errors: this.errors } : {}) };
  }
}
