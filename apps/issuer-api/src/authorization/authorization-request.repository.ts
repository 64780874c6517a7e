import { Inject, Injectable } from '@nestjs/common';
import type { ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';

/** The validated authorization request, as kept between the steps of the flow (no secrets in it). */
export interface StoredAuthorizationRequest {
  clientId: string;
  redirectUri: string;
  /** RFC 6749 §4.1.3: the token request must repeat `redirect_uri` when the authorization request sent it. */
  redirectUriSent: boolean;
  state?: string;
  codeChallenge: string;
  scopes: string[];
  /** `openid_credential` details as sent (answered with `credential_identifiers`). */
  authorizationDetails?: { type: string; credential_configuration_id: string }[];
  credentialConfigurationId: string;
  /** The offer's session, when the request carried its `issuer_state`; else the request is wallet-initiated. */
  issuerStateSessionId?: string;
  /** The offer's `issuer_state`, kept only to forward it to an identity provider (`forwardIssuerState`). */
  issuerState?: string;
  /** RFC 9449 §10: the DPoP key the code is bound to (from `dpop_jkt` or the PAR request's DPoP proof). */
  dpopJkt?: string;
  uiLocales?: string[];
  /** Set when the PAR request authenticated the client (client attestation): the token request must match. */
  attestedClientId?: string;
}

/** Login state toward an identity provider (or a login page), kept until its callback. */
export interface StoredLogin {
  method: string;
  identityProvider?: string;
  state?: string;
  nonce?: string;
  codeVerifier?: string;
  /** `PASSWORD`: wrong answers so far at this login's form (the form stays open until a limit). */
  failedAttempts?: number;
}

/** API.md §11: authorization codes are single-use and live at most 60 s. */
export const CODE_TTL_SECONDS = 60;

export type AuthorizationRequestStatus = 'PUSHED' | 'LOGIN' | 'CODE_ISSUED' | 'REDEEMED' | 'FAILED';

export interface AuthorizationRequestRecord {
  requestId: string;
  issuerId: string;
  sessionId: string | null;
  status: AuthorizationRequestStatus;
  request: StoredAuthorizationRequest;
  login: StoredLogin | null;
  codeExpired: boolean;
  expired: boolean;
}

interface Row {
  request_id: string;
  issuer_id: string;
  session_id: string | null;
  status: AuthorizationRequestStatus;
  request: StoredAuthorizationRequest;
  login: StoredLogin | null;
  code_expired: boolean | null;
  expired: boolean;
}

const COLUMNS = `request_id, issuer_id, session_id, status, request, login,
  (code_expires_at IS NOT NULL AND code_expires_at <= now()) AS code_expired, expires_at <= now() AS expired`;

const toRecord = (r: Row): AuthorizationRequestRecord => ({
  requestId: r.request_id,
  issuerId: r.issuer_id,
  sessionId: r.session_id,
  status: r.status,
  request: r.request,
  login: r.login,
  codeExpired: r.code_expired === true,
  expired: r.expired,
});

/**
 * Authorization requests through the flow: pushed (PAR) → login at the provider → code issued → redeemed. Each
 * transition is one conditional UPDATE, so `request_uri`s, login states and codes are single-use across replicas.
 * Hashes of the bearer values are stored, never the values.
 */
@Injectable()
export class AuthorizationRequestRepository {
  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  async insertPushed(issuerId: string, requestId: string, requestUriHash: string, request: StoredAuthorizationRequest, expiresAt: Date) {
    await this.db.sql(
      `INSERT INTO issuer_api.authorization_requests (request_id, issuer_id, status, request, request_uri_hash, expires_at)
       VALUES ($1, $2, 'PUSHED', $3, $4, $5)`,
      [requestId, issuerId, JSON.stringify(request), requestUriHash, expiresAt],
    );
  }

  /** Takes a pushed request for /authorize (RFC 9126 §4: one-time use); undefined when unknown, used or expired. */
  async takePushed(issuerId: string, requestUriHash: string): Promise<AuthorizationRequestRecord | undefined> {
    const { rows } = await this.db.sql<Row>(
      `UPDATE issuer_api.authorization_requests SET request_uri_hash = NULL
       WHERE request_uri_hash = $1 AND issuer_id = $2 AND status = 'PUSHED' AND expires_at > now()
       RETURNING ${COLUMNS}`,
      [requestUriHash, issuerId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Stores a direct (not pushed) request at /authorize. */
  async insertDirect(issuerId: string, requestId: string, request: StoredAuthorizationRequest, expiresAt: Date) {
    await this.db.sql(
      `INSERT INTO issuer_api.authorization_requests (request_id, issuer_id, status, request, expires_at) VALUES ($1, $2, 'PUSHED', $3, $4)`,
      [requestId, issuerId, JSON.stringify(request), expiresAt],
    );
  }

  /** Binds the request to its session and records where the subject was sent to log in. */
  async startLogin(
    requestId: string,
    sessionId: string,
    login: StoredLogin,
    loginStateHash: string | null,
    expiresAt: Date,
  ): Promise<void> {
    await this.db.sql(
      `UPDATE issuer_api.authorization_requests SET status = 'LOGIN', session_id = $2, login = $3, login_state_hash = $4, expires_at = $5
       WHERE request_id = $1 AND status = 'PUSHED'`,
      [requestId, sessionId, JSON.stringify(login), loginStateHash, expiresAt],
    );
  }

  /** Takes the request a provider callback belongs to (its `state` is single-use); undefined when unknown or used. */
  async takeLogin(issuerId: string, loginStateHash: string): Promise<AuthorizationRequestRecord | undefined> {
    const { rows } = await this.db.sql<Row>(
      `UPDATE issuer_api.authorization_requests SET login_state_hash = NULL
       WHERE login_state_hash = $1 AND issuer_id = $2 AND status = 'LOGIN'
       RETURNING ${COLUMNS}`,
      [loginStateHash, issuerId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** A login still waiting for its answer, by authorization request id (the wallet fetching its request object). */
  async findPendingLogin(issuerId: string, requestId: string): Promise<AuthorizationRequestRecord | undefined> {
    const { rows } = await this.db.sql<Row>(
      `SELECT ${COLUMNS} FROM issuer_api.authorization_requests
       WHERE request_id = $1 AND issuer_id = $2 AND status = 'LOGIN' AND login_state_hash IS NOT NULL AND expires_at > now()`,
      [requestId, issuerId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /**
   * The pending login of a login state without taking it: a login page shows its form, and a wrong password keeps
   * the login pending (API.md §11); it is taken (`takeLogin`) only when the login ends.
   */
  async findLogin(issuerId: string, loginStateHash: string): Promise<AuthorizationRequestRecord | undefined> {
    const { rows } = await this.db.sql<Row>(
      `SELECT ${COLUMNS} FROM issuer_api.authorization_requests
       WHERE login_state_hash = $1 AND issuer_id = $2 AND status = 'LOGIN'`,
      [loginStateHash, issuerId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Counts a wrong answer at a pending login (one statement, so replicas do not lose counts); undefined when no longer pending. */
  async recordLoginFailure(issuerId: string, loginStateHash: string): Promise<number | undefined> {
    const { rows } = await this.db.sql<{ failed_attempts: number }>(
      `UPDATE issuer_api.authorization_requests
       SET login = jsonb_set(login, '{failedAttempts}', to_jsonb(COALESCE((login->>'failedAttempts')::int, 0) + 1))
       WHERE login_state_hash = $1 AND issuer_id = $2 AND status = 'LOGIN' AND login IS NOT NULL
       RETURNING (login->>'failedAttempts')::int AS failed_attempts`,
      [loginStateHash, issuerId],
    );
    return rows[0]?.failed_attempts;
  }

  /**
   * Issues the request's code, living `lifetimeSeconds` but never more than {@link CODE_TTL_SECONDS}, by the
   * database clock: the one `redeemCode` checks it against, whichever replica's clock is off.
   */
  async issueCode(requestId: string, codeHash: string, lifetimeSeconds: number = CODE_TTL_SECONDS): Promise<void> {
    await this.db.sql(
      `UPDATE issuer_api.authorization_requests SET status = 'CODE_ISSUED', code_hash = $2,
         code_expires_at = now() + make_interval(secs => $3), login = NULL
       WHERE request_id = $1 AND status = 'LOGIN'`,
      [requestId, codeHash, Math.min(lifetimeSeconds, CODE_TTL_SECONDS)],
    );
  }

  async fail(requestId: string): Promise<void> {
    await this.db.sql(
      `UPDATE issuer_api.authorization_requests SET status = 'FAILED', login = NULL, login_state_hash = NULL WHERE request_id = $1`,
      [requestId],
    );
  }

  /**
   * Redeems a code once: the first redemption gets the request; a second one gets `reused` with the request
   * (its tokens are then revoked, RFC 6749 §4.1.2); an unknown code gets undefined.
   */
  async redeemCode(issuerId: string, codeHash: string): Promise<{ record: AuthorizationRequestRecord; reused: boolean } | undefined> {
    const { rows } = await this.db.sql<Row>(
      `UPDATE issuer_api.authorization_requests SET status = 'REDEEMED', code_used_at = now()
       WHERE code_hash = $1 AND issuer_id = $2 AND status = 'CODE_ISSUED' AND code_used_at IS NULL
       RETURNING ${COLUMNS}`,
      [codeHash, issuerId],
    );
    if (rows[0]) return { record: toRecord(rows[0]), reused: false };
    const { rows: used } = await this.db.sql<Row>(
      `SELECT ${COLUMNS} FROM issuer_api.authorization_requests WHERE code_hash = $1 AND issuer_id = $2`,
      [codeHash, issuerId],
    );
    return used[0] && { record: toRecord(used[0]), reused: true };
  }
}
