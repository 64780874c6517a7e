import type { HashCallback } from '../callbacks';
import { verifyPkce } from '../pkce/pkce';
import type { AuthorizationCodeTokenRequest } from './token-request.parser';

/** What the AS stored when it issued the authorization code (from the validated `AuthorizationRequest`). */
export interface IssuedAuthorizationCode {
  clientId: string;
  redirectUri: string;
  /** Whether the authorization request carried `redirect_uri` (then the token request must repeat it). */
  redirectUriSent: boolean;
  codeChallenge: string;
  /** Expiry in epoch seconds (API.md §11: codes live at most 60 s). */
  expiresAtSeconds: number;
  /** DPoP key thumbprint the code is bound to (`dpop_jkt`, or the proof at PAR; RFC 9449 §10). */
  dpopJkt?: string;
}

export interface AuthorizationCodeGrantContext {
  nowSeconds: number;
  /** Client proven by client attestation at this token request, if any. */
  authenticatedClientId?: string;
  /** Thumbprint of the verified DPoP proof of this token request, if any (`verifyDpopProof(...).jkt`). */
  dpopJkt?: string;
}

export type AuthorizationCodeGrantResult =
  { verified: true } | { verified: false; error: 'invalid_grant' | 'invalid_request' | 'invalid_dpop_proof'; description: string };

/**
 * Checks an `authorization_code` token request against the stored code (RFC 6749 §4.1.3, RFC 7636 §4.6,
 * RFC 9449 §10): not expired, issued to this client (`client_id` or the attested client; a public client must
 * name itself), the same `redirect_uri`, the PKCE `code_verifier`, and a DPoP proof with the bound key.
 * Single use is the caller's job: consume the code atomically first; a second use must be `invalid_grant` and
 * revoke what the code issued (RFC 6749 §4.1.2).
 */
export async function verifyAuthorizationCodeGrant(
  request: AuthorizationCodeTokenRequest,
  issued: IssuedAuthorizationCode,
  context: AuthorizationCodeGrantContext,
  callbacks: { hash: HashCallback },
): Promise<AuthorizationCodeGrantResult> {
  if (context.nowSeconds >= issued.expiresAtSeconds)
    return { verified: false, error: 'invalid_grant', description: 'authorization code has expired' };
  const clientId = context.authenticatedClientId ?? request.clientId;
  if (clientId === undefined) return { verified: false, error: 'invalid_request', description: 'client_id is required' };
  if (clientId !== issued.clientId || (request.clientId !== undefined && request.clientId !== issued.clientId)) {
    return { verified: false, error: 'invalid_grant', description: 'authorization code was issued to another client' };
  }
  if ((issued.redirectUriSent || request.redirectUri !== undefined) && request.redirectUri !== issued.redirectUri) {
    return { verified: false, error: 'invalid_grant', description: 'redirect_uri does not match the authorization request' };
  }
  const pkce = await verifyPkce(request.codeVerifier, issued.codeChallenge, callbacks);
  if (!pkce.verified) return pkce;
  if (issued.dpopJkt !== undefined && context.dpopJkt !== issued.dpopJkt) {
    return {
      verified: false,
      error: 'invalid_dpop_proof',
      description: 'DPoP proof key does not match the key the authorization code is bound to',
    };
  }
  return { verified: true };
}
