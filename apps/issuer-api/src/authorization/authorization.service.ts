import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { applyClaimsMapping } from '@issuer/credentials';
import {
  AuthorizationRequestError,
  buildAuthorizationErrorRedirect,
  buildAuthorizationResponseRedirect,
  buildPushedAuthorizationResponse,
  createRequestUri,
  OAuth2Error,
  parseAuthorizationRequest,
  parsePushedAuthorizationRequest,
  parseRequestUriReference,
  resolveRequestedCredentials,
  type AuthorizationRequest,
  type OAuth2ErrorCode,
  type RequestParams,
} from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../common/public-url';
import { hashSecret, newSecret } from '../common/secrets';
import type { EventSpec } from '../events/event-sql';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuerRecord } from '../issuers/issuer.repository';
import { authorizationConfigOf } from './authorization-config';
import {
  AuthorizationRequestRepository,
  type AuthorizationRequestRecord,
  type StoredAuthorizationRequest,
} from './authorization-request.repository';
import { AuthorizationSessionRepository, type AuthorizationSession } from './authorization-session.repository';
import { ExternalIdpLogin } from './external-idp/external-idp.login';
import { LOGIN_METHODS, type LoginMethod, type LoginOutcome } from './login-method';
import { WalletInitiatedSessions } from './wallet-initiated.sessions';

/** RFC 9126 §2.2: a short-lived request_uri; a login must finish within LOGIN_WINDOW (codes: CODE_TTL_SECONDS). */
const REQUEST_URI_TTL_SECONDS = 60;
const LOGIN_WINDOW_MS = 10 * 60_000;

/** Where the wallet's browser goes next; `refused` when that is an error response (no code). */
export type AuthorizationOutcome = { redirect: string; refused?: { error: OAuth2ErrorCode; description: string } };

/**
 * The issuer as OAuth 2.0 authorization server (API.md §11): pushed and direct authorization requests, binding
 * to the offer's session by `issuer_state` or a wallet-initiated session, the subject's login (one module per
 * method), and the single-use authorization code. Errors before the redirect URI is trusted are thrown without
 * `redirectUri` (answered as a 400 page or JSON by the controller); after, they go back to the wallet.
 */
@Injectable()
export class AuthorizationService {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(AuthorizationRequestRepository) private readonly requests: AuthorizationRequestRepository,
    @Inject(AuthorizationSessionRepository) private readonly sessions: AuthorizationSessionRepository,
    @Inject(ExternalIdpLogin) private readonly externalIdp: ExternalIdpLogin,
    @Inject(LOGIN_METHODS) private readonly loginMethods: LoginMethod[],
    @Inject(WalletInitiatedSessions) private readonly walletInitiated: WalletInitiatedSessions,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** POST /par (RFC 9126): validates the whole request now, stores it, answers its request_uri. */
  async pushedRequest(
    issuer: IssuerRecord,
    form: RequestParams,
    binding: { dpopJkt?: string; attestedClientId?: string },
    requestId: string,
  ): Promise<{ request_uri: string; expires_in: number }> {
    const issuerId = issuer.config.id;
    try {
      const authorization = authorizationConfigOf(issuer.config);
      const parsed = parsePushedAuthorizationRequest(form, {
        redirectUris: authorization.redirectUris,
        credentialIssuer: credentialIssuerOf(this.config, issuerId),
        ...(binding.attestedClientId ? { authenticatedClientId: binding.attestedClientId } : {}),
      });
      if (parsed.dpopJkt && binding.dpopJkt && parsed.dpopJkt !== binding.dpopJkt)
        throw new OAuth2Error('invalid_dpop_proof', 'dpop_jkt does not match the DPoP proof of this request');
      const session = parsed.issuerState ? await this.offerSession(issuerId, parsed.issuerState) : undefined;
      const stored = this.toStored(issuer, parsed, session, binding);
      const { requestUri, reference } = createRequestUri((n) => randomBytes(n));
      await this.requests.insertPushed(
        issuerId,
        randomUUID(),
        hashSecret(reference),
        stored,
        new Date(Date.now() + REQUEST_URI_TTL_SECONDS * 1000),
      );
      await this.sessions.recordEvent(issuerId, session?.sessionId ?? null, { event: 'pushed_authorization_request_succeeded' }, requestId);
      return buildPushedAuthorizationResponse({ requestUri, expiresIn: REQUEST_URI_TTL_SECONDS });
    } catch (error) {
      if (error instanceof OAuth2Error) {
        await this.sessions.recordEvent(issuerId, null, failureEvent('pushed_authorization_request_failed', error), requestId);
        // PAR answers JSON only: never a redirect (RFC 9126 §2.3).
        if (error instanceof AuthorizationRequestError) throw new OAuth2Error(error.error, error.message, { status: error.status });
      }
      throw error;
    }
  }

  /** GET /authorize: the pushed request (by request_uri) or the direct one; then the login of the profile's method. */
  async authorize(issuer: IssuerRecord, query: RequestParams, requestId: string): Promise<AuthorizationOutcome> {
    const issuerId = issuer.config.id;
    const authorization = authorizationConfigOf(issuer.config);
    let record: { requestId: string; request: StoredAuthorizationRequest };
    if (hasParam(query, 'request_uri')) {
      const reference = parseRequestUriReference(query);
      const pushed = await this.requests.takePushed(issuerId, hashSecret(reference.reference));
      if (!pushed) throw new AuthorizationRequestError('invalid_request_uri', 'request_uri is unknown, expired or already used');
      if (pushed.request.clientId !== reference.clientId)
        throw new AuthorizationRequestError('invalid_request', 'client_id does not match the pushed authorization request');
      record = pushed;
    } else {
      const parsed = parseAuthorizationRequest(query, {
        redirectUris: authorization.redirectUris,
        credentialIssuer: credentialIssuerOf(this.config, issuerId),
      });
      const back = { redirectUri: parsed.redirectUri, ...(parsed.state !== undefined ? { state: parsed.state } : {}) };
      if (authorization.requirePar)
        throw new AuthorizationRequestError('invalid_request', 'this issuer requires pushed authorization requests (PAR)', back);
      const session = parsed.issuerState ? await this.offerSession(issuerId, parsed.issuerState, back) : undefined;
      record = { requestId: randomUUID(), request: this.toStored(issuer, parsed, session, {}, back) };
      await this.requests.insertDirect(issuerId, record.requestId, record.request, new Date(Date.now() + LOGIN_WINDOW_MS));
    }
    return this.startLogin(issuer, record, requestId);
  }

  /** GET /idp-callback: the provider's answer; the code goes back to the wallet, or the error does. */
  async identityProviderCallback(issuer: IssuerRecord, callbackUrl: URL, requestId: string): Promise<AuthorizationOutcome> {
    const issuerId = issuer.config.id;
    const state = callbackUrl.searchParams.get('state');
    const record = state ? await this.requests.takeLogin(issuerId, hashSecret(state, 'login:')) : undefined;
    // Without a known login state nothing says where to send the answer: a 400 page, never a redirect.
    if (!record?.sessionId || !record.login)
      throw new AuthorizationRequestError('invalid_request', 'unknown, expired or already used login state');
    return this.finishLogin(issuer, record, requestId, (session) => this.externalIdp.finish(issuer, session, record.login!, callbackUrl));
  }

  /**
   * Ends a pending login (its record taken by its single-use state): the session must still be active; the method
   * checks the answer; success issues the code, failure goes back to the wallet (and may end the session).
   */
  async finishLogin(
    issuer: IssuerRecord,
    record: AuthorizationRequestRecord,
    requestId: string,
    check: (session: AuthorizationSession) => Promise<LoginOutcome>,
  ): Promise<AuthorizationOutcome> {
    const session = record.sessionId ? await this.sessions.findById(issuer.config.id, record.sessionId) : undefined;
    if (!session || session.status !== 'ACTIVE' || session.expired || record.expired)
      return this.refuse(issuer, record, 'access_denied', 'the issuance session is no longer active', undefined, requestId);
    const outcome = await check(session);
    if (!outcome.ok) return this.refuse(issuer, record, outcome.error, outcome.description, outcome.endSessionAs, requestId);
    return this.issueCode(issuer, record, session, outcome, requestId);
  }

  /** Maps the login claims into the credential data and issues the code (single use, ≤ 60 s). */
  private async issueCode(
    issuer: IssuerRecord,
    record: AuthorizationRequestRecord,
    session: AuthorizationSession,
    login: Extract<LoginOutcome, { ok: true }>,
    requestId: string,
  ): Promise<AuthorizationOutcome> {
    const issuerId = issuer.config.id;
    const { claims } = login;
    const mapping = session.snapshot.profile.idTokenClaimsMapping ?? {};
    const mapped = applyClaimsMapping(mapping, claims, session.snapshot.profile.credentialData ?? {});
    if (!mapped.ok)
      return this.refuse(
        issuer,
        record,
        'access_denied',
        `the login did not provide ${mapped.missing.join(', ')}`,
        'UNSUCCESSFUL',
        requestId,
      );
    const method = session.snapshot.profile.authentication?.method;
    const logged = await this.sessions.completeLogin(
      issuerId,
      session.sessionId,
      { claims, credentialData: mapped.credentialData, ...(login.subject ? { subject: login.subject } : {}) },
      { event: 'authorization_request_succeeded', data: { method } },
      requestId,
    );
    if (!logged) return this.refuse(issuer, record, 'access_denied', 'the issuance session is no longer active', undefined, requestId);
    const code = newSecret();
    await this.requests.issueCode(record.requestId, hashSecret(code));
    return {
      redirect: buildAuthorizationResponseRedirect(trusted(record.request), { code, iss: credentialIssuerOf(this.config, issuerId) }),
    };
  }

  private async startLogin(
    issuer: IssuerRecord,
    record: { requestId: string; request: StoredAuthorizationRequest },
    requestId: string,
  ): Promise<AuthorizationOutcome> {
    const issuerId = issuer.config.id;
    const back = trusted(record.request);
    const fail = (error: OAuth2ErrorCode, description: string) => new AuthorizationRequestError(error, description, back);
    const session = record.request.issuerStateSessionId
      ? await this.sessions.findById(issuerId, record.request.issuerStateSessionId)
      : await this.walletInitiated.create(issuer, record.request.credentialConfigurationId, fail);
    if (!session || session.status !== 'ACTIVE' || session.expired)
      throw fail('invalid_request', 'issuer_state is unknown or its session has ended');
    const method = session.snapshot.profile.authentication?.method;
    const loginMethod = this.loginMethods.find((m) => m.method === method);
    if (!loginMethod) {
      await this.requests.fail(record.requestId);
      throw fail('invalid_request', `the login method of this credential (${method ?? 'none'}) is not available`);
    }
    try {
      const login = await loginMethod.start(issuer, session, record.request, record.requestId);
      await this.requests.startLogin(
        record.requestId,
        session.sessionId,
        login.stored,
        hashSecret(login.state, 'login:'),
        new Date(Date.now() + LOGIN_WINDOW_MS),
      );
      return { redirect: login.redirect };
    } catch (error) {
      await this.requests.fail(record.requestId);
      if (error instanceof OAuth2Error) {
        await this.sessions.recordEvent(
          issuerId,
          session.sessionId,
          failureEvent('authorization_request_failed', error, method),
          requestId,
        );
        throw fail(error.error, error.message);
      }
      throw error;
    }
  }

  /** Sends an error back to the wallet, ending the session when the login was refused or failed. */
  private async refuse(
    issuer: IssuerRecord,
    record: AuthorizationRequestRecord,
    error: OAuth2ErrorCode,
    description: string,
    endSessionAs: 'REJECTED_BY_USER' | 'UNSUCCESSFUL' | undefined,
    requestId: string,
  ): Promise<AuthorizationOutcome> {
    const issuerId = issuer.config.id;
    await this.requests.fail(record.requestId);
    const failure = failureEvent('authorization_request_failed', new OAuth2Error(error, description), record.login?.method);
    if (record.sessionId && endSessionAs)
      await this.sessions.endSession(issuerId, record.sessionId, endSessionAs, description, failure, requestId);
    else await this.sessions.recordEvent(issuerId, record.sessionId, failure, requestId);
    return {
      redirect: buildAuthorizationErrorRedirect(trusted(record.request), {
        error,
        description,
        iss: credentialIssuerOf(this.config, issuerId),
      }),
      refused: { error, description },
    };
  }

  /** The ACTIVE session of an AUTHORIZED offer named by `issuer_state`. */
  private async offerSession(
    issuerId: string,
    issuerState: string,
    back?: { redirectUri: string; state?: string },
  ): Promise<AuthorizationSession> {
    const session = await this.sessions.findByIssuerState(issuerId, hashSecret(issuerState, 'issuer_state:'));
    if (!session || session.authMethod !== 'AUTHORIZED' || session.status !== 'ACTIVE' || session.expired)
      throw new AuthorizationRequestError('invalid_request', 'issuer_state is unknown or its offer is no longer open', back ?? {});
    return session;
  }

  /** Which configuration the request is for, checked against the offer (issuer_state) or the issuer's scopes. */
  private toStored(
    issuer: IssuerRecord,
    parsed: AuthorizationRequest,
    session: AuthorizationSession | undefined,
    binding: { dpopJkt?: string; attestedClientId?: string },
    back?: { redirectUri: string; state?: string },
  ): StoredAuthorizationRequest {
    const requested = resolveRequestedCredentials(parsed, {
      configurations: issuer.config.credentialConfigurations as Record<string, { scope?: string }>,
      ...(session ? { offeredConfigurationIds: [session.credentialConfigurationId] } : {}),
    });
    if (!requested.ok) throw new AuthorizationRequestError(requested.error, requested.description, back ?? {});
    if (requested.credentialConfigurationIds.length !== 1)
      throw new AuthorizationRequestError('invalid_request', 'one authorization request is for one credential configuration', back ?? {});
    const dpopJkt = parsed.dpopJkt ?? binding.dpopJkt;
    return {
      clientId: parsed.clientId,
      redirectUri: parsed.redirectUri,
      redirectUriSent: parsed.redirectUriSent,
      ...(parsed.state !== undefined ? { state: parsed.state } : {}),
      codeChallenge: parsed.codeChallenge,
      scopes: parsed.scopes,
      ...(requested.authorizationDetails.length ? { authorizationDetails: requested.authorizationDetails } : {}),
      credentialConfigurationId: requested.credentialConfigurationIds[0],
      ...(session ? { issuerStateSessionId: session.sessionId, issuerState: parsed.issuerState } : {}),
      ...(dpopJkt ? { dpopJkt } : {}),
      ...(parsed.uiLocales ? { uiLocales: parsed.uiLocales } : {}),
      ...(binding.attestedClientId ? { attestedClientId: binding.attestedClientId } : {}),
    };
  }
}

function trusted(request: StoredAuthorizationRequest): { redirectUri: string; state?: string } {
  return { redirectUri: request.redirectUri, ...(request.state !== undefined ? { state: request.state } : {}) };
}

function hasParam(params: RequestParams, name: string): boolean {
  return params instanceof URLSearchParams ? params.has(name) : Object.prototype.hasOwnProperty.call(params, name);
}

function failureEvent(event: EventSpec['event'], error: OAuth2Error, method?: string): EventSpec {
  return { event, error: error.error, errorDescription: error.message, ...(method ? { data: { method } } : {}) };
}
