import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { deepMergeReplace, parseDuration } from '@issuer/credentials';
import { Oid4vciError } from '@issuer/oid4vci';
import { AppError } from '@issuer/platform';
import { hashSecret } from '../common/secrets';
import { EventRecorder } from '../events/event-recorder';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { SessionAdminRepository } from '../sessions/session-admin.repository';
import { SessionRepository } from '../sessions/session.repository';
import type { TokenSession } from '../sessions/session.types';
import { AccessTokenAuthorizer, type PresentedHeaders } from '../wallet/access-token.authorizer';
import { successEvent } from '../wallet/credential-events';
import { CredentialMinter, endsIssuance, type MintedCredentials } from '../wallet/credential.minter';
import type { VerifiedProofs } from '../wallet/proof.verifier';
import { requireWalletIssuer } from '../wallet/wallet-issuer';
import { DeferredTransactionRepository, type DeferredTransaction } from './deferred-transaction.repository';

const DEFAULT_INTERVAL_SECONDS = 5;
const DEFAULT_EXPIRES_IN = '1d';

export type DeferredResponse =
  { transaction_id: string; interval: number } | { credentials: { credential: string }[]; notification_id: string };

/**
 * Deferred issuance (OID4VCI 1.0 §9, API.md §12): a credential request of a DEFERRED profile opens a transaction
 * (`202`); an operator supplies the data and approves or refuses; the wallet's next poll gets the credentials,
 * signed then (the issuer never stores signed credentials), or `credential_request_denied`. The access token that
 * opened a transaction keeps opening its poll until the transaction expires.
 */
@Injectable()
export class DeferredIssuanceService {
  constructor(
    @Inject(DeferredTransactionRepository) private readonly transactions: DeferredTransactionRepository,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(SessionAdminRepository) private readonly adminSessions: SessionAdminRepository,
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(AccessTokenAuthorizer) private readonly tokens: AccessTokenAuthorizer,
    @Inject(CredentialMinter) private readonly minter: CredentialMinter,
    @Inject(EventRecorder) private readonly events: EventRecorder,
  ) {}

  /** The credential endpoint's answer for a DEFERRED profile: the proofs' nonces are consumed, the keys kept. */
  async defer(session: TokenSession, proven: VerifiedProofs, requestId: string): Promise<DeferredResponse> {
    const issuance = session.snapshot.profile.issuance;
    const interval = issuance?.interval ?? DEFAULT_INTERVAL_SECONDS;
    const lifetime = parseDuration(issuance?.expiresIn ?? DEFAULT_EXPIRES_IN);
    const transactionId = randomBytes(32).toString('base64url');
    const outcome = await this.transactions.open({
      issuerId: session.issuerId,
      sessionId: session.sessionId,
      transactionHash: hashSecret(transactionId),
      holders: proven.holders,
      nonceHashes: proven.nonceHashes,
      nonceExpiresAt: new Date(proven.nonceExpiresAtMs),
      intervalSeconds: interval,
      expiresAt: new Date(Date.now() + (lifetime.valid ? lifetime.ms : 86_400_000)),
      acceptedEvent: {
        event: successEvent(session),
        data: { deferred: true, credentialConfigurationId: session.credentialConfigurationId },
      },
      requestId,
    });
    if (outcome === 'nonce_reused') throw new Oid4vciError('invalid_nonce', 'the c_nonce was already used; request a new one');
    if (outcome === 'session_closed') throw new Oid4vciError('invalid_token', 'the issuance session has ended', { status: 401 });
    return { transaction_id: transactionId, interval };
  }

  /** `POST /deferred_credential`: 202 while pending, the credentials once approved, `credential_request_denied` after a refusal. */
  async poll(
    issuerId: string,
    headers: PresentedHeaders,
    body: unknown,
    requestId: string,
  ): Promise<{ status: 200 | 202; body: DeferredResponse }> {
    const issuer = await requireWalletIssuer(this.catalog, issuerId, 'invalid_credential_request');
    const transactionId = transactionIdOf(body);
    const transactionHash = hashSecret(transactionId);
    const transaction = await this.transactions.find(issuerId, transactionHash);
    const session = await this.tokens.authorize(issuer.config, headers, 'deferred_credential', {
      statuses: ['ACTIVE', 'SUCCESSFUL', 'UNSUCCESSFUL'],
      validUntil: async (s) =>
        transaction && transaction.sessionId === s.sessionId && transaction.state !== 'ISSUED' ? transaction.expiresAt : undefined,
    });
    const fail = async (error: Oid4vciError) => {
      await this.recordFailure(session, error, requestId);
      return error;
    };
    if (!transaction || transaction.sessionId !== session.sessionId || transaction.state === 'ISSUED')
      throw await fail(new Oid4vciError('invalid_transaction_id', 'unknown or already used transaction_id'));
    if (transaction.state === 'REFUSED')
      throw await fail(new Oid4vciError('credential_request_denied', 'the issuer refused this credential'));
    if (transaction.expired) throw await fail(new Oid4vciError('invalid_transaction_id', 'the transaction has expired'));
    if (transaction.state === 'PENDING')
      return { status: 202, body: { transaction_id: transactionId, interval: transaction.intervalSeconds } };
    return { status: 200, body: await this.deliver(session, transaction, transactionHash, requestId) };
  }

  private async deliver(session: TokenSession, transaction: DeferredTransaction, transactionHash: string, requestId: string) {
    const supplied = withCredentialData(session, transaction.credentialData);
    let minted: MintedCredentials | undefined;
    try {
      minted = await this.minter.mint(supplied, transaction.holders);
      const delivered = await this.transactions.deliver(
        session.issuerId,
        transactionHash,
        minted.records,
        {
          event: 'deferred_credential_request_succeeded',
          data: { credentialIds: minted.records.map((r) => r.credentialId), credentialConfigurationId: session.credentialConfigurationId },
        },
        requestId,
      );
      if (!delivered) throw new Oid4vciError('invalid_transaction_id', 'the transaction was already delivered');
      return { credentials: minted.credentials.map((credential) => ({ credential })), notification_id: minted.notificationId };
    } catch (error) {
      await this.minter.release(session.issuerId, minted);
      if (error instanceof Oid4vciError) {
        const failure = { event: 'deferred_credential_request_failed' as const, error: error.error, errorDescription: error.message };
        if (endsIssuance(error)) {
          await this.transactions.refuse(session.issuerId, transactionHash);
          await this.sessions.failIssuance(session.issuerId, session.sessionId, error.message, failure, requestId);
        } else await this.recordFailure(session, error, requestId);
      }
      throw error;
    }
  }

  private recordFailure(session: TokenSession, error: Oid4vciError, requestId: string): Promise<void> {
    const failure = { event: 'deferred_credential_request_failed' as const, error: error.error, errorDescription: error.message };
    return this.events.recordEvents(session.issuerId, session.sessionId, session.profileId, [failure], requestId);
  }

  /** `POST /api/v1/issuers/{issuerId}/sessions/{sessionId}/credential-data`: 404 unknown session, 409 nothing pending. */
  async decide(
    issuerId: string,
    sessionId: string,
    decision: { approve: boolean; credentialData?: Record<string, unknown> },
    requestId: string,
  ): Promise<void> {
    const decided = await this.transactions.decide(issuerId, sessionId, decision, requestId);
    if (decided > 0) return;
    if (!(await this.adminSessions.exists(issuerId, sessionId))) throw AppError.notFound(`session ${sessionId}`);
    throw new AppError('CONFLICT', `session ${sessionId} has no pending deferred credential request`);
  }
}

function transactionIdOf(body: unknown): string {
  const id = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['transaction_id'] : undefined;
  if (typeof id !== 'string' || id.length === 0 || id.length > 512)
    throw new Oid4vciError('invalid_credential_request', 'transaction_id is required and must be a non-empty string');
  return id;
}

/** The session as it signs a deferred credential: the data the operator supplied, deep-merged like runtimeOverrides. */
function withCredentialData(session: TokenSession, credentialData: Record<string, unknown> | null): TokenSession {
  if (!credentialData) return session;
  const { profile } = session.snapshot;
  return {
    ...session,
    snapshot: {
      ...session.snapshot,
      profile: { ...profile, credentialData: deepMergeReplace(profile.credentialData ?? {}, credentialData) },
    },
  };
}
