import { Inject, Injectable } from '@nestjs/common';
import { checkAccessTokenPresentation, type PresentedAccessToken } from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { authorizationConfigOf } from '../authorization/authorization-config';
import { DPOP_SIGNING_ALGS, DpopService } from '../authorization/dpop/dpop.service';
import { ExternalSessionBinder, type FirstUse } from '../authorization/external-as/external-session.binder';
import { ExternalTokenVerifier } from '../authorization/external-as/external-token.verifier';
import { parseAccessToken } from '../common/access-token';
import { credentialIssuerOf } from '../common/public-url';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import { SessionRepository } from '../sessions/session.repository';
import type { SessionStatus, TokenSession } from '../sessions/session.types';
import { invalidToken } from './invalid-token.challenge';

/** `Authorization: Bearer|DPoP <token>` (RFC 6750 §2.1, RFC 9449 §7.1): the scheme and the token. */
const ACCESS_TOKEN = /^(Bearer|DPoP)\s+([A-Za-z0-9._~+/-]+=*)$/i;

/** The request headers that present the access token: `Authorization` and, for DPoP-bound tokens, `DPoP`. */
export interface PresentedHeaders {
  authorization: string | undefined;
  dpop: string | string[] | undefined;
}

/** The resource endpoints an access token opens (OID4VCI 1.0 §8, §9, §11). */
export type ResourceEndpoint = 'credential' | 'deferred_credential' | 'notification';

export interface AccessTokenCheck {
  /** Session states the endpoint serves; others answer `invalid_token`. */
  statuses: readonly SessionStatus[];
  /** For deferred polling: a token that expired still opens its pending transaction until this time. */
  validUntil?: (session: TokenSession) => Promise<Date | undefined>;
  /** The credential endpoint: an external AS's token used for the first time may get its session here. */
  firstUse?: FirstUse;
}

/**
 * RFC 6750 / RFC 9449 at the resource endpoints: the access token must belong to an unexpired session of this
 * issuer in a state the endpoint serves; a DPoP-bound token comes with the DPoP scheme and a proof of its key
 * over this request (`ath`, `htm`, `htu`). The issuer's own tokens are looked up first; any other token goes to the
 * external authorization server, when the issuer has one (API.md §11), and is verified before its presentation is
 * checked and before it may create a session. Failures are `401 invalid_token` with the `WWW-Authenticate` challenge.
 */
@Injectable()
export class AccessTokenAuthorizer {
  constructor(
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(DpopService) private readonly dpop: DpopService,
    @Inject(ExternalTokenVerifier) private readonly externalTokens: ExternalTokenVerifier,
    @Inject(ExternalSessionBinder) private readonly externalSessions: ExternalSessionBinder,
  ) {}

  async authorize(
    issuer: IssuerConfig,
    headers: PresentedHeaders,
    endpoint: ResourceEndpoint,
    check: AccessTokenCheck,
  ): Promise<TokenSession> {
    const match = ACCESS_TOKEN.exec(headers.authorization ?? '');
    if (!match) throw invalidToken('a Bearer or DPoP access token is required');
    const presented = { scheme: match[1].toLowerCase() === 'dpop' ? ('DPoP' as const) : ('Bearer' as const), token: match[2] };
    const own = await this.sessions.findByAccessToken(issuer.id, presented.token);
    if (own) {
      await this.checkSession(own, check);
      await this.checkPresentation(issuer, headers, endpoint, presented, own.accessTokenJkt);
      return own;
    }
    const external = await this.externalTokens.verify(issuer, presented.token);
    if (!external.ok) throw invalidToken(external.description);
    await this.checkPresentation(issuer, headers, endpoint, presented, external.token.jkt ?? null);
    const session = await this.externalSessions.session(issuer, external.token, check.firstUse);
    if (!session)
      throw invalidToken(
        external.token.expired ? 'the access token has expired' : 'no credential was requested with this access token yet',
      );
    await this.checkSession(session, check);
    return session;
  }

  /**
   * The session id and secret hash of the access token an `Authorization` header (Bearer or DPoP) presents, without
   * looking it up; undefined for no or a malformed header (an external AS's token parses but finds no session). For
   * the public nonce endpoint (API.md §10): the token only says which session its nonce event belongs to and grants
   * nothing, so neither a DPoP proof nor the session state is checked; the event's insert finds the session, if the
   * token is unexpired (EventRecorder.recordEventsOfAccessToken).
   */
  presentedToken(authorization: string | undefined): { sessionId: string; hash: string } | undefined {
    const token = ACCESS_TOKEN.exec(authorization ?? '')?.[2];
    return token ? parseAccessToken(token) : undefined;
  }

  private async checkSession(session: TokenSession, check: AccessTokenCheck): Promise<void> {
    if (!check.statuses.includes(session.status)) throw invalidToken(`the issuance session is ${session.status.toLowerCase()}`);
    if (session.accessTokenExpiresAt.getTime() <= Date.now()) {
      const extended = await check.validUntil?.(session);
      if (!extended || extended.getTime() <= Date.now()) throw invalidToken('the access token has expired');
    }
  }

  /** The scheme fits the token's binding; a DPoP-bound token needs a proof of its key over this request. */
  private async checkPresentation(
    issuer: IssuerConfig,
    headers: PresentedHeaders,
    endpoint: ResourceEndpoint,
    presented: PresentedAccessToken,
    jkt: string | null,
  ): Promise<void> {
    const { dpopRequired } = checkAccessTokenPresentation(presented, jkt ? { jkt } : {}, {
      dpopProofPresent: headers.dpop !== undefined,
      allowedAlgs: DPOP_SIGNING_ALGS,
    });
    if (dpopRequired)
      await this.dpop.verify({
        header: headers.dpop,
        method: 'POST',
        url: `${credentialIssuerOf(this.platform, issuer.id)}/${endpoint}`,
        accessToken: presented.token,
        expectedJkt: jkt!,
        endpoint: 'resource',
        requireNonce: authorizationConfigOf(issuer).requireDpopNonce,
      });
  }
}
