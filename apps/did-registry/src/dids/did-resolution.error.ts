import type { DidResolutionError } from '@issuer/contracts';

/** A DID that cannot be resolved, with the DID Resolution error code it maps to (set where it is thrown). */
export class DidResolutionFailure extends Error {
  constructor(
    readonly error: DidResolutionError,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DidResolutionFailure';
  }
}
