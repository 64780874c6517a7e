import { Inject, Injectable } from '@nestjs/common';
import { Oid4vciError, parseCredentialRequest } from '@issuer/oid4vci';
import { DeferredIssuanceService } from '../deferred/deferred-issuance.service';
import { EventRecorder } from '../events/event-recorder';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { SessionRepository } from '../sessions/session.repository';
import type { TokenSession } from '../sessions/session.types';
import { AccessTokenAuthorizer, type PresentedHeaders } from './access-token.authorizer';
import { CredentialMinter, endsIssuance, type MintedCredentials } from './credential.minter';
import { failureEvent, successEvent } from './credential-events';
import { ProofVerifier } from './proof.verifier';
import { requireWalletIssuer } from './wallet-issuer';

export type { PresentedHeaders } from './access-token.authorizer';

/** `200` with the credentials, or `202` with the transaction a deferred request waits in (OID4VCI 1.0 §8.3). */
export type CredentialResponseBody =
  { credentials: { credential: string }[]; notification_id: string } | { transaction_id: string; interval: number };

/**
 * The credential endpoint (OID4VCI §8): token, request, proofs, nonces, then issuance in the configuration's format
 * — or, for a deferred profile, a transaction the wallet polls. A token may be used for several requests while it
 * is valid, each with fresh nonces.
 */
@Injectable()
export class CredentialService {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(EventRecorder) private readonly events: EventRecorder,
    @Inject(AccessTokenAuthorizer) private readonly tokens: AccessTokenAuthorizer,
    @Inject(ProofVerifier) private readonly proofs: ProofVerifier,
    @Inject(CredentialMinter) private readonly minter: CredentialMinter,
    @Inject(DeferredIssuanceService) private readonly deferred: DeferredIssuanceService,
  ) {}

  async issue(issuerId: string, headers: PresentedHeaders, body: unknown, requestId: string): Promise<CredentialResponseBody> {
    const issuer = await requireWalletIssuer(this.catalog, issuerId, 'invalid_credential_request');
    const session = await this.tokens.authorize(issuer.config, headers, 'credential', {
      statuses: ['ACTIVE', 'SUCCESSFUL'],
      firstUse: { requestId, body },
    });
    let minted: MintedCredentials | undefined;
    try {
      const request = parseCredentialRequest(body, { maxProofs: Math.max(1, issuer.config.batchSize ?? 1) });
      this.checkRequestedCredential(session, request, Object.keys(issuer.config.credentialConfigurations));
      const proven = await this.proofs.verify(session, request.proofs ?? {});
      if (session.snapshot.profile.issuance?.mode === 'DEFERRED') return await this.deferred.defer(session, proven, requestId);
      minted = await this.minter.mint(session, proven.holders);
      const outcome = await this.sessions.completeIssuance({
        issuerId,
        sessionId: session.sessionId,
        nonceHashes: proven.nonceHashes,
        nonceExpiresAt: new Date(proven.nonceExpiresAtMs),
        credentials: minted.records,
        successEvent: {
          event: successEvent(session),
          data: { credentialIds: minted.records.map((r) => r.credentialId), credentialConfigurationId: session.credentialConfigurationId },
        },
        requestId,
      });
      if (outcome === 'nonce_reused') throw new Oid4vciError('invalid_nonce', 'the c_nonce was already used; request a new one');
      if (outcome === 'session_closed') throw new Oid4vciError('invalid_token', 'the issuance session has ended', { status: 401 });
      return { credentials: minted.credentials.map((credential) => ({ credential })), notification_id: minted.notificationId };
    } catch (error) {
      await this.minter.release(issuerId, minted);
      if (error instanceof Oid4vciError) {
        const failure = { event: failureEvent(session), error: error.error, errorDescription: error.message };
        if (endsIssuance(error)) await this.sessions.failIssuance(issuerId, session.sessionId, error.message, failure, requestId);
        else await this.events.recordEvents(issuerId, session.sessionId, session.profileId, [failure], requestId);
      }
      throw error;
    }
  }

  private checkRequestedCredential(
    session: TokenSession,
    request: { credentialConfigurationId?: string; credentialIdentifier?: string },
    known: string[],
  ): void {
    if (session.credentialIdentifiers) {
      if (request.credentialIdentifier === undefined) {
        throw new Oid4vciError(
          'invalid_credential_request',
          'the token response carried credential_identifiers; use credential_identifier',
        );
      }
      if (!session.credentialIdentifiers.includes(request.credentialIdentifier)) {
        throw new Oid4vciError('unknown_credential_identifier', `unknown credential_identifier ${request.credentialIdentifier}`);
      }
      return;
    }
    if (request.credentialIdentifier !== undefined)
      throw new Oid4vciError('unknown_credential_identifier', 'no credential_identifiers were issued with this token');
    const id = request.credentialConfigurationId as string;
    if (!known.includes(id)) throw new Oid4vciError('unknown_credential_configuration', `unknown credential_configuration_id ${id}`);
    if (id !== session.credentialConfigurationId)
      throw new Oid4vciError('invalid_credential_request', `credential configuration ${id} was not offered in this session`);
  }
}
