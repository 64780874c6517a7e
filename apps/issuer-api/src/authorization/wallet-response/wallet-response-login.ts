import type { StoredLogin } from '../authorization-request.repository';
import type { AuthorizationSession } from '../authorization-session.repository';
import type { IssuerRecord } from '../../issuers/issuer.repository';
import type { LoginMethod, LoginOutcome } from '../login-method';

/** What a wallet posts to `/direct_post` (response_mode `direct_post`): form fields, `state` already used. */
export type WalletResponseForm = Record<string, unknown>;

/**
 * A login answered by the wallet itself (`ID_TOKEN`, `VP_TOKEN`): the issuer sends a signed request object by
 * reference and receives the wallet's response at `/direct_post` (API.md §11).
 */
export interface WalletResponseLogin extends LoginMethod {
  /** The request object's claims (signed by the caller) for the pending login. */
  requestObject(issuer: IssuerRecord, session: AuthorizationSession, login: StoredLogin): Record<string, unknown>;
  /** Checks the wallet's response; its claims are the login claims. */
  verify(issuer: IssuerRecord, session: AuthorizationSession, login: StoredLogin, form: WalletResponseForm): Promise<LoginOutcome>;
}

/** Nest token of the wallet-response logins, looked up by method at `/request` and `/direct_post`. */
export const WALLET_RESPONSE_LOGINS = Symbol('WALLET_RESPONSE_LOGINS');

/** A refused wallet response ends the session; one that could not be checked now (e.g. a status list out of reach) does not. */
export function refusal(failure: {
  error: 'invalid_request' | 'access_denied' | 'temporarily_unavailable';
  description: string;
}): LoginOutcome {
  return failure.error === 'temporarily_unavailable'
    ? { ok: false, error: 'temporarily_unavailable', description: failure.description }
    : { ok: false, error: failure.error, description: failure.description, endSessionAs: 'UNSUCCESSFUL' };
}
