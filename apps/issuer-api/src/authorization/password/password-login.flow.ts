import { Inject, Injectable } from '@nestjs/common';
import { unencodableText } from '../../common/safe-input.pipe';
import { hashSecret } from '../../common/secrets';
import type { IssuerRecord } from '../../issuers/issuer.repository';
import { RateLimiter } from '../../rate-limits/rate-limiter';
import type { RateLimitPolicy } from '../../rate-limits/rate-limit-window';
import { MAX_PASSWORD_LENGTH } from '../../users/user.schema';
import { SERVER_SECRETS, type ServerSecrets } from '../../wallet/server-secrets';
import { AuthorizationRequestRepository, type AuthorizationRequestRecord } from '../authorization-request.repository';
import { AuthorizationService } from '../authorization.service';
import type { LoginOutcome } from '../login-method';
import { LoginCsrf } from './login-csrf';
import type { LoginPageInput } from './login-page';
import type { LoginFormError } from './login-texts';
import { PasswordAuthenticator } from './password-authenticator';
import { PASSWORD_METHOD } from './password.login';

/** Wrong answers one login's form takes; the last one ends the login (the wallet gets `access_denied`). */
export const LOGIN_FAILURE_LIMIT = 5;
/**
 * Login posts one client address may send in 10 minutes, on every replica together: it bounds password spraying
 * across many users from one address, which the per-user lockout does not see. Far below the wallet endpoints' own
 * limit (RATE_LIMIT_WALLET_PER_MINUTE, which counts these posts too), and not configurable.
 */
const LOGIN_ATTEMPTS: RateLimitPolicy = { name: 'login-attempts', limit: 30, windowSeconds: 600 };
const MAX_USERNAME_LENGTH = 128;

/** What the login page answers: the form (again), the redirect to the wallet, or that the login is not pending. */
export type LoginAnswer =
  | { kind: 'form'; status: 200 | 403 | 429; page: LoginPageInput; walletRedirectUri: string; retryAfterSeconds?: number }
  | { kind: 'redirect'; redirect: string }
  | { kind: 'unknown' };

/** The form post as Fastify decodes it (a repeated field is an array: not accepted). */
export type LoginForm = Record<string, unknown>;

export interface LoginClient {
  address: string;
  /** `Sec-Fetch-Site` (Fetch Metadata), which browsers send with every request. */
  fetchSite?: string | undefined;
}

interface PendingLogin {
  stateHash: string;
  record: AuthorizationRequestRecord;
}

/**
 * The `PASSWORD` login at `{credential_issuer}/login/{loginId}` (API.md §11). The login stays pending while the
 * form is shown again (a wrong password keeps the session `ACTIVE`); it is taken, and the wallet answered through
 * `AuthorizationService.finishLogin`, only when it ends: success, cancel (`REJECTED_BY_USER`), the login's last
 * allowed failure (`UNSUCCESSFUL`), or the login window having run out.
 */
@Injectable()
export class PasswordLoginFlow {
  private readonly csrf: LoginCsrf;

  constructor(
    @Inject(AuthorizationService) private readonly authorization: AuthorizationService,
    @Inject(AuthorizationRequestRepository) private readonly requests: AuthorizationRequestRepository,
    @Inject(PasswordAuthenticator) private readonly authenticator: PasswordAuthenticator,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(SERVER_SECRETS) secrets: ServerSecrets,
  ) {
    this.csrf = new LoginCsrf(secrets.nonceKey);
  }

  /** GET: the form of a pending login. */
  async show(issuer: IssuerRecord, loginId: string, requestId: string): Promise<LoginAnswer> {
    const pending = await this.pending(issuer, loginId);
    if (!pending) return { kind: 'unknown' };
    if (pending.record.expired) return this.end(issuer, pending, requestId, expired);
    return this.form(issuer, pending, 200);
  }

  /** POST: cancel, or a username and password. */
  async submit(issuer: IssuerRecord, loginId: string, form: LoginForm, client: LoginClient, requestId: string): Promise<LoginAnswer> {
    const cancel = form['action'] === 'cancel';
    // Before any lookup or hashing, so a flood costs little; cancelling is never throttled.
    const attempt = cancel ? undefined : await this.limiter.consume(LOGIN_ATTEMPTS, client.address);
    if (attempt && !attempt.allowed) {
      const pending = await this.pending(issuer, loginId);
      if (!pending) return { kind: 'unknown' };
      return this.form(issuer, pending, 429, 'throttled', text(form['username']), attempt.retryAfterSeconds);
    }
    const pending = await this.pending(issuer, loginId);
    if (!pending) return { kind: 'unknown' };
    if (pending.record.expired) return this.end(issuer, pending, requestId, expired);
    // A post from another site (Fetch Metadata) or without this login's token is not the user's own submission.
    const crossSite = client.fetchSite !== undefined && client.fetchSite !== 'same-origin';
    if (crossSite || !this.csrf.check(pending.stateHash, form['csrf_token'])) return this.form(issuer, pending, 403, 'expired_form');
    if (cancel)
      return this.end(issuer, pending, requestId, {
        ok: false,
        error: 'access_denied',
        description: 'the user cancelled the login',
        endSessionAs: 'REJECTED_BY_USER',
      });

    const username = text(form['username']);
    const password = text(form['password']);
    // What cannot be a user's credentials is refused without a lookup (no username tells anything by it).
    if (!username || !password || !acceptable(username, MAX_USERNAME_LENGTH) || !acceptable(password, MAX_PASSWORD_LENGTH))
      return this.form(issuer, pending, 200, 'invalid', username);
    const checked = await this.authenticator.check(issuer.config.id, username, password);
    if (checked.ok) return this.end(issuer, pending, requestId, { ok: true, claims: checked.claims });
    const failures = await this.requests.recordLoginFailure(issuer.config.id, pending.stateHash);
    if (failures === undefined) return { kind: 'unknown' };
    if (failures >= LOGIN_FAILURE_LIMIT)
      return this.end(issuer, pending, requestId, {
        ok: false,
        error: 'access_denied',
        description: 'too many failed login attempts',
        endSessionAs: 'UNSUCCESSFUL',
      });
    return this.form(issuer, pending, 200, 'invalid', username);
  }

  private async pending(issuer: IssuerRecord, loginId: string): Promise<PendingLogin | undefined> {
    const stateHash = hashSecret(loginId, 'login:');
    const record = await this.requests.findLogin(issuer.config.id, stateHash);
    // Another method's login state (an identity provider's `state`) does not open this form.
    if (!record?.sessionId || record.login?.method !== PASSWORD_METHOD) return undefined;
    return { stateHash, record };
  }

  /** Takes the login (single use) and lets the authorization server answer the wallet. */
  private async end(issuer: IssuerRecord, pending: PendingLogin, requestId: string, outcome: LoginOutcome): Promise<LoginAnswer> {
    const record = await this.requests.takeLogin(issuer.config.id, pending.stateHash);
    // A concurrent post ended it first.
    if (!record) return { kind: 'unknown' };
    const answer = await this.authorization.finishLogin(issuer, record, requestId, async () => outcome);
    return { kind: 'redirect', redirect: answer.redirect };
  }

  private form(
    issuer: IssuerRecord,
    pending: PendingLogin,
    status: 200 | 403 | 429,
    error?: LoginFormError,
    username?: string,
    retryAfterSeconds?: number,
  ): LoginAnswer {
    const { request } = pending.record;
    return {
      kind: 'form',
      status,
      walletRedirectUri: request.redirectUri,
      page: {
        issuer: issuer.config,
        ...(request.uiLocales ? { uiLocales: request.uiLocales } : {}),
        csrfToken: this.csrf.token(pending.stateHash),
        ...(username && acceptable(username, MAX_USERNAME_LENGTH) ? { username } : {}),
        ...(error ? { error } : {}),
      },
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    };
  }
}

/** finishLogin refuses an expired login before it asks for the outcome. */
const expired: LoginOutcome = { ok: false, error: 'access_denied', description: 'the login has expired' };

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Text that can be looked up and hashed: within its length (code points) and encodable (no NUL, no lone surrogate). */
function acceptable(value: string, maxLength: number): boolean {
  return value.length <= maxLength * 2 && [...value].length <= maxLength && unencodableText(value) === undefined;
}
