import type { OAuth2ErrorCode } from '@issuer/oauth2';
import type { IssuerRecord } from '../issuers/issuer.repository';
import type { StoredAuthorizationRequest, StoredLogin } from './authorization-request.repository';
import type { AuthorizationSession } from './authorization-session.repository';

/** Where the subject goes to log in, the single-use login state that brings the answer back, what to keep meanwhile. */
export interface LoginStart {
  redirect: string;
  /** A fresh secret: its hash finds the pending login when the answer comes back (callback, form post, direct_post). */
  state: string;
  stored: StoredLogin;
}

/**
 * How a login ended: the login claims (fed to `idTokenClaimsMapping`) and, for a login that proves a DID, that DID
 * as the credential subject; or the error the wallet gets.
 */
export type LoginOutcome =
  | { ok: true; claims: Record<string, unknown>; subject?: string }
  | { ok: false; error: OAuth2ErrorCode; description: string; endSessionAs?: 'REJECTED_BY_USER' | 'UNSUCCESSFUL' };

/**
 * One way a subject logs in during the authorization code flow (`Profile.authentication.method`, API.md §11). Each
 * method starts here; its answer arrives at its own endpoint, which hands the outcome to
 * `AuthorizationService.finishLogin`.
 */
export interface LoginMethod {
  readonly method: string;
  start(
    issuer: IssuerRecord,
    session: AuthorizationSession,
    request: StoredAuthorizationRequest,
    authorizationRequestId: string,
  ): Promise<LoginStart>;
}

/** Nest token of the list of login methods the authorization server dispatches to. */
export const LOGIN_METHODS = Symbol('LOGIN_METHODS');
