import { Inject, Injectable } from '@nestjs/common';
import { buildTokenResponse, Oid4vciError, parseTokenRequest, type TokenResponse } from '@issuer/oid4vci';
import { accessTokenOf, newAccessTokenSecret } from '../common/access-token';
import { hashSecret } from '../common/secrets';
import type { EventSpec } from '../events/event-sql';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';
import { EventRecorder } from '../events/event-recorder';
import { MAX_TX_CODE_ATTEMPTS, SessionRepository } from '../sessions/session.repository';
import { requireWalletIssuer } from './wallet-issuer';

const FAILED = 'token_request_pre_authorized_code_failed' as const;

/** The token endpoint for the pre-authorized code grant (OID4VCI §6, RFC 6749 §5). */
@Injectable()
export class TokenService {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(EventRecorder) private readonly events: EventRecorder,
    @Inject(ISSUER_API_CONFIG) private readonly config: IssuerApiConfig,
  ) {}

  /** `dpopJkt`: the verified DPoP proof's key; the access token is then bound to it (RFC 9449 §5). */
  async token(issuerId: string, form: Record<string, unknown>, requestId: string, dpopJkt?: string): Promise<TokenResponse> {
    const issuer = await requireWalletIssuer(this.catalog, issuerId);
    let request;
    try {
      request = parseTokenRequest(form);
    } catch (error) {
      if (error instanceof Oid4vciError) await this.fail(issuerId, undefined, undefined, error, requestId);
      throw error;
    }
    const codeHash = hashSecret(request.preAuthorizedCode);
    const tokenSecret = newAccessTokenSecret();
    const expiresIn = this.config.accessTokenTtlSeconds;
    const requested = request.authorizationDetails?.map((d) => d.credential_configuration_id);
    // An id the issuer does not know can never match the offer; it is not sent to SQL (where e.g. a
    // U+0000 in it failed the jsonb write with a 500), the failure is explained instead.
    const known = Object.keys(issuer.config.credentialConfigurations);
    if (requested?.some((id) => !known.includes(id))) {
      throw await this.explainFailure(issuerId, codeHash, request.txCode !== undefined, requested, requestId);
    }
    const redeemed = await this.sessions.redeemCode({
      issuerId,
      codeHash,
      txCodeHash: request.txCode === undefined ? null : hashSecret(request.txCode, codeHash),
      accessTokenHash: tokenSecret.hash,
      accessTokenExpiresAt: new Date(Date.now() + expiresIn * 1000),
      accessTokenJkt: dpopJkt ?? null,
      credentialIdentifiers: requested ? [...new Set(requested)] : null,
      requiredConfigurationIds: requested ?? null,
      requestId,
    });
    if (!redeemed) throw await this.explainFailure(issuerId, codeHash, request.txCode !== undefined, requested, requestId);
    return buildTokenResponse({
      accessToken: accessTokenOf(redeemed.sessionId, tokenSecret),
      expiresIn,
      tokenType: dpopJkt ? 'DPoP' : 'Bearer',
      ...(requested
        ? {
            authorizationDetails: [
              {
                type: 'openid_credential',
                credential_configuration_id: redeemed.credentialConfigurationId,
                credential_identifiers: [redeemed.credentialConfigurationId],
              },
            ],
          }
        : {}),
    });
  }

  /** Finds out why a code did not redeem, records the failure, and returns the error to answer with. */
  private async explainFailure(
    issuerId: string,
    codeHash: string,
    txCodeSent: boolean,
    requested: string[] | undefined,
    requestId: string,
  ): Promise<Oid4vciError> {
    const state = await this.sessions.codeState(issuerId, codeHash);
    let error: Oid4vciError;
    if (!state) error = new Oid4vciError('invalid_grant', 'unknown pre-authorized code');
    else if (state.redeemed) error = new Oid4vciError('invalid_grant', 'the pre-authorized code was already used');
    else if (state.txAttempts >= MAX_TX_CODE_ATTEMPTS)
      error = new Oid4vciError('invalid_grant', 'the pre-authorized code is locked after too many wrong tx_code attempts');
    else if (state.expired || state.status === 'EXPIRED') error = new Oid4vciError('invalid_grant', 'the pre-authorized code has expired');
    else if (state.status !== 'ACTIVE') error = new Oid4vciError('invalid_grant', 'the issuance session is closed');
    else if (state.txRequired && !txCodeSent)
      error = new Oid4vciError('invalid_request', 'tx_code is required for this pre-authorized code');
    else if (!state.txRequired && txCodeSent) error = new Oid4vciError('invalid_request', 'tx_code was sent but this offer requires none');
    else if (requested?.some((id) => id !== state.credentialConfigurationId)) {
      error = new Oid4vciError('invalid_request', 'authorization_details names a credential configuration that was not offered');
    } else if (state.txRequired) {
      // A wrong tx_code does not consume the code; it counts an attempt, and the fifth locks it.
      const attempts = await this.sessions.recordWrongTxCode(
        issuerId,
        state.sessionId,
        failureSpec(new Oid4vciError('invalid_grant', 'wrong tx_code')),
        requestId,
      );
      const left = Math.max(0, MAX_TX_CODE_ATTEMPTS - attempts);
      return new Oid4vciError(
        'invalid_grant',
        left > 0 ? `wrong tx_code (${left} attempts left)` : 'wrong tx_code; the pre-authorized code is now locked',
      );
    } else error = new Oid4vciError('invalid_grant', 'the pre-authorized code cannot be redeemed');
    await this.fail(issuerId, state?.sessionId, state?.profileId, error, requestId);
    return error;
  }

  private fail(
    issuerId: string,
    sessionId: string | undefined,
    profileId: string | undefined,
    error: Oid4vciError,
    requestId: string,
  ): Promise<void> {
    return this.events.recordEvents(issuerId, sessionId, profileId, [failureSpec(error)], requestId);
  }
}

function failureSpec(error: Oid4vciError): EventSpec {
  return { event: FAILED, error: error.error, errorDescription: error.message };
}
