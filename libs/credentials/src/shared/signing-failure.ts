import { CredentialError } from './credential-error';

/**
 * The signer callback with any failure rethrown as `SIGNING_FAILED` (the original error as `cause`), so the
 * transports map one code whichever format was being signed.
 */
export function failuresAsSigningFailed<A extends unknown[], R>(sign: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await sign(...args);
    } catch (cause) {
      throw new CredentialError('SIGNING_FAILED', 'the signer callback failed', { cause });
    }
  };
}
