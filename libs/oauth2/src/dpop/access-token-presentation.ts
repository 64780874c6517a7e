import { OAuth2Error } from '../errors/oauth2.error';
import { dpopChallenge } from './dpop-error';

/** An access token as presented in the `Authorization` header (RFC 6750 §2.1, RFC 9449 §7.1). */
export interface PresentedAccessToken {
  scheme: 'Bearer' | 'DPoP';
  token: string;
}

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function unauthorized(error: 'invalid_request' | 'invalid_token', description: string, allowedAlgs?: readonly string[]): OAuth2Error {
  const challenge = `${dpopChallenge(error, description, allowedAlgs)}, Bearer error="${error}"`;
  return new OAuth2Error(error, description, {
    status: error === 'invalid_request' ? 400 : 401,
    headers: { 'WWW-Authenticate': challenge },
  });
}

/**
 * Reads `Authorization: Bearer <token>` or `Authorization: DPoP <token>` (scheme case-insensitive, RFC 9110
 * §11.1). Missing → `invalid_token` 401, malformed → `invalid_request` 400, both with a challenge naming both
 * schemes. Tokens in the query or body are not read (FAPI 2.0 forbids `?access_token=`).
 */
export function parseAuthorizationHeader(
  value: string | readonly string[] | undefined,
  allowedAlgs?: readonly string[],
): PresentedAccessToken {
  if (value === undefined || (Array.isArray(value) && value.length === 0))
    throw unauthorized('invalid_token', 'an access token is required', allowedAlgs);
  if (Array.isArray(value) && value.length > 1)
    throw unauthorized('invalid_request', 'only one Authorization header is allowed', allowedAlgs);
  const text = (Array.isArray(value) ? value[0] : value) as string;
  const match = /^([A-Za-z]+) +(\S+)$/.exec(text);
  const scheme = match?.[1]?.toLowerCase();
  if (!match || (scheme !== 'bearer' && scheme !== 'dpop') || !B64TOKEN.test(match[2] as string)) {
    throw unauthorized('invalid_request', 'Authorization must be Bearer or DPoP followed by a token', allowedAlgs);
  }
  return { scheme: scheme === 'dpop' ? 'DPoP' : 'Bearer', token: match[2] as string };
}

/**
 * Checks that the presentation fits the token's binding (RFC 9449 §7.1, §7.2, API.md §11): a DPoP-bound token
 * (`cnf.jkt`) must come with the `DPoP` scheme and a proof — as `Bearer` it is `invalid_token` 401 (security:
 * otherwise a stolen bound token would work as a bearer token); an unbound token must not claim `DPoP`. Returns
 * whether a proof must now be verified with `verifyDpopProof({ accessToken, expectedJkt: jkt })`.
 */
export function checkAccessTokenPresentation(
  presented: PresentedAccessToken,
  token: { jkt?: string },
  request: { dpopProofPresent: boolean; allowedAlgs?: readonly string[] },
): { dpopRequired: boolean } {
  if (token.jkt !== undefined) {
    if (presented.scheme !== 'DPoP')
      throw unauthorized('invalid_token', 'this access token is DPoP-bound and must be sent with the DPoP scheme', request.allowedAlgs);
    if (!request.dpopProofPresent) {
      const description = 'a DPoP proof is required with this access token';
      const challenge = dpopChallenge('invalid_dpop_proof', description, request.allowedAlgs);
      throw new OAuth2Error('invalid_dpop_proof', description, { status: 401, headers: { 'WWW-Authenticate': challenge } });
    }
    return { dpopRequired: true };
  }
  if (presented.scheme === 'DPoP')
    throw unauthorized('invalid_token', 'this access token is not DPoP-bound; use the Bearer scheme', request.allowedAlgs);
  return { dpopRequired: false };
}
