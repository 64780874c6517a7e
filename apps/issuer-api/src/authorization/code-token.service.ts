import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { parseDuration } from '@issuer/credentials';
import {
  buildTokenResponse,
  OAuth2Error,
  parseTokenRequest,
  verifyAuthorizationCodeGrant,
  type AuthorizationCodeTokenRequest,
  type RefreshTokenRequest,
  type TokenResponse,
  type TokenResponseAuthorizationDetail,
} from '@issuer/oauth2';
import { accessTokenOf, newAccessTokenSecret } from '../common/access-token';
import { hashSecret, newSecret } from '../common/secrets';
import type { EventSpec } from '../events/event-sql';
import type { IssuerRecord } from '../issuers/issuer.repository';
import { authorizationConfigOf } from './authorization-config';
import { AuthorizationRequestRepository, type StoredAuthorizationRequest } from './authorization-request.repository';
import { AuthorizationSessionRepository } from './authorization-session.repository';
import { RefreshTokenRepository } from './refresh-token.repository';

/** Refresh tokens live as long as a session may wait for its credential; each use rotates them. */
const REFRESH_TOKEN_TTL_MS = 24 * 3600_000;

/** What authenticated the token request besides its parameters. */
export interface TokenRequestBinding {
  /** Thumbprint of the request's verified DPoP proof. */
  dpopJkt?: string;
  /** Client proven by client attestation. */
  attestedClientId?: string;
}

type Grant = 'authorization_code' | 'refresh_token';

/**
 * The token endpoint's `authorization_code` and `refresh_token` grants (RFC 6749 §4.1.3, §6; API.md §11): the code
 * is consumed once and checked (client, redirect URI, PKCE, DPoP binding); a reused code revokes what it issued;
 * refresh tokens rotate, and a replayed one revokes its family. Access tokens are bound to the DPoP key when the
 * request carried a proof.
 */
@Injectable()
export class CodeTokenService {
  constructor(
    @Inject(AuthorizationRequestRepository) private readonly requests: AuthorizationRequestRepository,
    @Inject(AuthorizationSessionRepository) private readonly sessions: AuthorizationSessionRepository,
    @Inject(RefreshTokenRepository) private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  async token(
    issuer: IssuerRecord,
    form: Record<string, unknown>,
    binding: TokenRequestBinding,
    requestId: string,
  ): Promise<TokenResponse> {
    const grant: Grant = form['grant_type'] === 'refresh_token' ? 'refresh_token' : 'authorization_code';
    let sessionId: string | null = null;
    try {
      const request = parseTokenRequest(form, { allowedGrantTypes: ['authorization_code', 'refresh_token'] });
      if (request.grantType === 'authorization_code') {
        const result = await this.redeemCode(issuer, request, binding, requestId, (id) => (sessionId = id));
        return result;
      }
      if (request.grantType === 'refresh_token') return await this.refresh(issuer, request, binding, requestId, (id) => (sessionId = id));
      throw new OAuth2Error('unsupported_grant_type', 'unsupported grant_type');
    } catch (error) {
      if (error instanceof OAuth2Error) await this.sessions.recordEvent(issuer.config.id, sessionId, failure(grant, error), requestId);
      throw error;
    }
  }

  private async redeemCode(
    issuer: IssuerRecord,
    request: AuthorizationCodeTokenRequest,
    binding: TokenRequestBinding,
    requestId: string,
    bind: (sessionId: string) => void,
  ): Promise<TokenResponse> {
    const issuerId = issuer.config.id;
    const redeemed = await this.requests.redeemCode(issuerId, hashSecret(request.code));
    if (!redeemed?.record.sessionId) throw new OAuth2Error('invalid_grant', 'unknown or expired authorization code');
    const { record } = redeemed;
    bind(record.sessionId!);
    if (redeemed.reused) {
      // RFC 6749 §4.1.2: a code used twice may have been stolen; what it issued is revoked.
      await this.sessions.revokeTokens(issuerId, record.sessionId!);
      throw new OAuth2Error('invalid_grant', 'the authorization code was already used; the tokens it issued are revoked');
    }
    if (record.codeExpired) throw new OAuth2Error('invalid_grant', 'the authorization code has expired');
    const stored = record.request;
    if (stored.attestedClientId && binding.attestedClientId !== stored.attestedClientId)
      throw new OAuth2Error('invalid_client', 'the client attested at the pushed authorization request must authenticate again', {
        status: 401,
      });
    const verified = await verifyAuthorizationCodeGrant(
      request,
      {
        clientId: stored.clientId,
        redirectUri: stored.redirectUri,
        redirectUriSent: stored.redirectUriSent,
        codeChallenge: stored.codeChallenge,
        // The code's lifetime is checked above against the database clock.
        expiresAtSeconds: Number.MAX_SAFE_INTEGER,
        ...(stored.dpopJkt ? { dpopJkt: stored.dpopJkt } : {}),
      },
      {
        nowSeconds: Math.floor(Date.now() / 1000),
        ...(binding.attestedClientId ? { authenticatedClientId: binding.attestedClientId } : {}),
        ...(binding.dpopJkt ? { dpopJkt: binding.dpopJkt } : {}),
      },
      { hash: (data) => createHash('sha256').update(data).digest() },
    );
    if (!verified.verified) throw new OAuth2Error(verified.error, verified.description);
    return this.grantTokens(
      issuer,
      record.sessionId!,
      stored,
      stored.clientId,
      binding.dpopJkt,
      undefined,
      'token_request_authorization_code_succeeded',
      requestId,
    );
  }

  private async refresh(
    issuer: IssuerRecord,
    request: RefreshTokenRequest,
    binding: TokenRequestBinding,
    requestId: string,
    bind: (sessionId: string) => void,
  ): Promise<TokenResponse> {
    const issuerId = issuer.config.id;
    if (!authorizationConfigOf(issuer.config).refreshTokens)
      throw new OAuth2Error('unsupported_grant_type', 'this issuer does not issue refresh tokens');
    const clientId = binding.attestedClientId ?? request.clientId;
    // The token is used up only by its own client and, for a DPoP-bound grant, its key (RFC 9449 §5).
    const consumed = await this.refreshTokens.consume(issuerId, hashSecret(request.refreshToken, 'refresh:'), {
      ...(clientId !== undefined ? { clientId } : {}),
      ...(binding.dpopJkt ? { jkt: binding.dpopJkt } : {}),
    });
    if (!consumed) throw new OAuth2Error('invalid_grant', 'unknown, expired or revoked refresh token');
    bind(consumed.record.sessionId);
    if (consumed.outcome === 'replayed') {
      await this.sessions.revokeTokens(issuerId, consumed.record.sessionId);
      throw new OAuth2Error('invalid_grant', 'the refresh token was already used; its family is revoked');
    }
    const { record } = consumed;
    if (consumed.outcome === 'mismatch') {
      if (clientId !== undefined && clientId !== record.clientId)
        throw new OAuth2Error('invalid_grant', 'the refresh token was issued to another client');
      throw new OAuth2Error('invalid_dpop_proof', 'the refresh token is bound to another DPoP key');
    }
    const details = record.authorizationDetails as StoredAuthorizationRequest['authorizationDetails'] | null;
    return this.grantTokens(
      issuer,
      record.sessionId,
      { ...(details ? { authorizationDetails: details } : {}), scopes: [] },
      record.clientId,
      record.jkt ?? binding.dpopJkt,
      record.familyId,
      'token_request_refresh_token_succeeded',
      requestId,
    );
  }

  private async grantTokens(
    issuer: IssuerRecord,
    sessionId: string,
    granted: Pick<StoredAuthorizationRequest, 'authorizationDetails' | 'scopes'>,
    clientId: string,
    jkt: string | undefined,
    familyId: string | undefined,
    event: 'token_request_authorization_code_succeeded' | 'token_request_refresh_token_succeeded',
    requestId: string,
  ): Promise<TokenResponse> {
    const settings = authorizationConfigOf(issuer.config);
    const ttl = parseDuration(settings.accessTokenTtl);
    const expiresIn = Math.round((ttl.valid ? ttl.ms : 600_000) / 1000);
    const tokenSecret = newAccessTokenSecret();
    const refreshToken = settings.refreshTokens ? newSecret() : undefined;
    // OID4VCI §6.2: requested authorization_details come back with credential_identifiers (one per configuration here).
    const details: TokenResponseAuthorizationDetail[] | undefined = granted.authorizationDetails?.map((d) => ({
      ...d,
      type: 'openid_credential',
      credential_identifiers: [d.credential_configuration_id],
    }));
    const ok = await this.sessions.grantTokens({
      issuerId: issuer.config.id,
      sessionId,
      accessTokenHash: tokenSecret.hash,
      accessTokenExpiresAt: new Date(Date.now() + expiresIn * 1000),
      credentialIdentifiers: details ? details.flatMap((d) => d.credential_identifiers) : null,
      jkt: jkt ?? null,
      ...(refreshToken
        ? {
            refresh: {
              tokenHash: hashSecret(refreshToken, 'refresh:'),
              familyId: familyId ?? randomUUID(),
              clientId,
              expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
              authorizationDetails: granted.authorizationDetails ?? null,
            },
          }
        : {}),
      event: { event, data: { dpop: jkt !== undefined } },
      requestId,
    });
    if (!ok) throw new OAuth2Error('invalid_grant', 'the issuance session is no longer active');
    return buildTokenResponse({
      accessToken: accessTokenOf(sessionId, tokenSecret),
      tokenType: jkt ? 'DPoP' : 'Bearer',
      expiresIn,
      ...(refreshToken ? { refreshToken } : {}),
      ...(details ? { authorizationDetails: details } : {}),
    });
  }
}

function failure(grant: Grant, error: OAuth2Error): EventSpec {
  return {
    event: grant === 'refresh_token' ? 'token_request_refresh_token_failed' : 'token_request_authorization_code_failed',
    error: error.error,
    errorDescription: error.message,
  };
}
