import { Inject, Injectable } from '@nestjs/common';
import {
  buildIntrospectionRequest,
  parseIntrospectionResponse,
  type AccessTokenExpectations,
  type AccessTokenVerification,
  type VerifiedAccessToken,
} from '@issuer/oauth2';
import { LOGGER, TtlCache, type Logger } from '@issuer/platform';
import { hashSecret } from '../../common/secrets';
import { AuthorizationServerFetcher } from './authorization-server.fetcher';
import { authorizationServerUnavailable } from './authorization-server-unavailable';

/**
 * How long an "active" answer is reused (never past the token's `exp`): a wallet's nonce, credential and notification
 * requests come in quick succession; a token revoked at the AS stops working within this time.
 */
export const INTROSPECTION_CACHE_MS = 30_000;

export interface IntrospectionTarget {
  endpoint: string;
  clientId: string;
  clientSecret: string;
}

/**
 * RFC 7662 introspection of opaque access tokens at the external AS, the issuer authenticating with
 * `client_secret_basic`. Active answers are cached briefly by the token's hash; inactive ones are not (a token is
 * not retried once refused). An answer that says nothing (error status, no `active`) is the retryable
 * `temporarily_unavailable`: the issuer's own introspection credentials or the AS failed, not the wallet.
 */
@Injectable()
export class TokenIntrospectionClient {
  private readonly answers = new TtlCache<string, VerifiedAccessToken>(INTROSPECTION_CACHE_MS, 10_000);

  constructor(
    @Inject(AuthorizationServerFetcher) private readonly http: AuthorizationServerFetcher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async introspect(target: IntrospectionTarget, token: string, expectations: AccessTokenExpectations): Promise<AccessTokenVerification> {
    const key = hashSecret(token, `introspection ${target.endpoint} ${expectations.audience} `);
    const cached = this.answers.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > expectations.nowSeconds)) return cached;
    const request = buildIntrospectionRequest({ ...target, token });
    const { status, body } = await this.http.post(request.url, request.headers, request.body);
    const result = parseIntrospectionResponse(status, body, expectations);
    if (result.verified) this.answers.set(key, result);
    if (result.verified || result.error === 'invalid_token') return result;
    this.logger.warn(
      { endpoint: target.endpoint, status, reason: result.description },
      'token introspection at the external authorization server failed',
    );
    throw authorizationServerUnavailable('the authorization server could not introspect the access token; try again');
  }
}
