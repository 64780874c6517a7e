import { OAuth2Error } from '../errors/oauth2.error';
import { CLIENT_ATTESTATION_CHALLENGE_HEADER } from './client-attestation-headers';

/**
 * The `OAuth2Error` for a failed `verifyClientAttestation`, or for a missing attestation when the issuer requires
 * one: `invalid_client` 401 (RFC 6749 §5.2; the conformance suite also accepts it at PAR), or
 * `use_attestation_challenge` 400 with the fresh `challenge` in `OAuth-Client-Attestation-Challenge` (draft §8.1).
 */
export function clientAttestationErrorFor(
  failure: { error: 'invalid_client' | 'use_attestation_challenge'; description: string },
  options: { challenge?: string } = {},
): OAuth2Error {
  if (failure.error === 'use_attestation_challenge') {
    if (options.challenge === undefined) throw new TypeError('use_attestation_challenge needs a fresh challenge');
    return new OAuth2Error(failure.error, failure.description, {
      status: 400,
      headers: { [CLIENT_ATTESTATION_CHALLENGE_HEADER]: options.challenge },
    });
  }
  return new OAuth2Error('invalid_client', failure.description, { status: 401 });
}
