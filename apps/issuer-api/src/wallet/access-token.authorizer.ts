import { Inject, Injectable } from '@nestjs/common';
import { Oid4vciError } from '@issuer/oid4vci';
import { checkAccessTokenPresentation } from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { authorizationConfigOf } from '../authorization/authorization-config';
import { DPOP_SIGNING_ALGS, DpopService } from '../authorization/dpop/dpop.service';
import { credentialIssuerOf } from '../common/public-url';
import { hashSecret } from '../common/secrets';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import { SessionRepository } from '../sessions/session.repository';
import type { SessionStatus, TokenSession } from '../sessions/session.types';

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
}

/**
 * RFC 6750 / RFC 9449 at the resource endpoints: the access token must belong to an unexpired session of this
 * issuer in a state the endpoint serves; a DPoP-bound token comes with the DPoP scheme and a proof of its key
 * over this request (`ath`, `htm`, `htu`). Failures are `401 invalid_token` with the `WWW-Authenticate` challenge.
 */
@Injectable()
export class AccessTokenAuthorizer {
  constructor(
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(DpopService) private readonly dpop: DpopService,
  ) {}

  async authorize(
    issuer: IssuerConfig,
    headers: PresentedHeaders,
    endpoint: ResourceEndpoint,
    check: AccessTokenCheck,
  ): Promise<TokenSession> {
    const issuerId = issuer.id;
    const match = /^(Bearer|DPoP)\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(headers.authorization ?? '');
    if (!match) throw challenge('a Bearer or DPoP access token is required');
    const token = match[2];
    const session = await this.sessions.findByAccessToken(issuerId, hashSecret(token));
    if (!session) throw challenge('unknown access token');
    if (!check.statuses.includes(session.status)) throw challenge(`the issuance session is ${session.status.toLowerCase()}`);
    if (session.accessTokenExpiresAt.getTime() <= Date.now()) {
      const extended = await check.validUntil?.(session);
      if (!extended || extended.getTime() <= Date.now()) throw challenge('the access token has expired');
    }
    const presented = { scheme: match[1].toLowerCase() === 'dpop' ? ('DPoP' as const) : ('Bearer' as const), token };
    const { dpopRequired } = checkAccessTokenPresentation(presented, session.accessTokenJkt ? { jkt: session.accessTokenJkt } : {}, {
      dpopProofPresent: headers.dpop !== undefined,
      allowedAlgs: DPOP_SIGNING_ALGS,
    });
    if (dpopRequired)
      await this.dpop.verify({
        header: headers.dpop,
        method: 'POST',
        url: `${credentialIssuerOf(this.platform, issuerId)}/${endpoint}`,
        accessToken: token,
        expectedJkt: session.accessTokenJkt!,
        endpoint: 'resource',
        requireNonce: authorizationConfigOf(issuer).requireDpopNonce,
      });
    return session;
  }
}

function challenge(description: string): Oid4vciError {
  return new Oid4vciError('invalid_token', description, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
}
