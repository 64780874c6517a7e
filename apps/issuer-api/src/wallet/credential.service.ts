import { Inject, Injectable } from '@nestjs/common';
import { BusError } from '@issuer/contracts';
import { CredentialError } from '@issuer/credentials';
import { Oid4vciError, parseCredentialRequest } from '@issuer/oid4vci';
import { checkAccessTokenPresentation } from '@issuer/oauth2';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { authorizationConfigOf } from '../authorization/authorization-config';
import { DPOP_SIGNING_ALGS, DpopService } from '../authorization/dpop/dpop.service';
import type { IssuerConfig } from '../issuers/issuer-config.schema';
import { credentialIssuerOf } from '../common/public-url';
import { hashSecret } from '../common/secrets';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { EventRecorder } from '../events/event-recorder';
import { SessionRepository } from '../sessions/session.repository';
import type { TokenSession } from '../sessions/session.types';
import { ProofVerifier } from './proof.verifier';
import { CredentialFactory } from './credential.factory';
import { requireWalletIssuer } from './wallet-issuer';
import { StatusAllocator, type AllocatedCredential } from '../status-lists/status-allocator';

/** The request headers that present the access token: `Authorization` and, for DPoP-bound tokens, `DPoP`. */
export interface PresentedHeaders {
  authorization: string | undefined;
  dpop: string | string[] | undefined;
}

export interface CredentialResponseBody {
  credentials: { credential: string }[];
}

/** The credential endpoint (OID4VCI §8): token, request, proofs, nonces, then issuance in the configuration's format. */
@Injectable()
export class CredentialService {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(EventRecorder) private readonly events: EventRecorder,
    @Inject(ProofVerifier) private readonly proofs: ProofVerifier,
    @Inject(CredentialFactory) private readonly factory: CredentialFactory,
    @Inject(StatusAllocator) private readonly statuses: StatusAllocator,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(DpopService) private readonly dpop: DpopService,
  ) {}

  async issue(issuerId: string, headers: PresentedHeaders, body: unknown, requestId: string): Promise<CredentialResponseBody> {
    const issuer = await requireWalletIssuer(this.catalog, issuerId);
    const session = await this.authorize(issuer.config, headers);
    // Status entries are allocated before signing (credentials embed them) and released if the request fails.
    let allocated: AllocatedCredential[] = [];
    try {
      const request = parseCredentialRequest(body, { maxProofs: Math.max(1, issuer.config.batchSize ?? 1) });
      this.checkRequestedCredential(session, request, Object.keys(issuer.config.credentialConfigurations));
      const holders = await this.proofs.verify(session, request.proofs?.jwt ?? []);
      const now = new Date();
      allocated = await this.statuses.allocate(session, holders.holders.length);
      const credentials = await Promise.all(
        holders.holders.map((holder, i) =>
          this.factory.issue({ session, holder, now, status: allocated[i].status, statusEntries: allocated[i].statusEntries }),
        ),
      ).catch((error: unknown) => {
        if (error instanceof CredentialError) {
          // kms unreachable or slow: a transient failure (503), not a verdict on the request.
          const cause = error.cause;
          if (cause instanceof BusError && ['UNAVAILABLE', 'TIMEOUT', 'INTERNAL'].includes(cause.code)) throw cause;
          // The data or the key cannot make a credential (a data function without a value, a disabled key).
          throw new Oid4vciError('credential_request_denied', cause instanceof BusError ? cause.message : error.message, {
            cause: error,
          });
        }
        throw error;
      });
      const records = credentials.map((_, i) => ({
        credentialId: allocated[i].credentialId,
        format: this.factory.formatOf({ session }),
        credentialConfigurationId: session.credentialConfigurationId,
        issuedAt: now.toISOString(),
        ...(allocated[i].view ? { status: allocated[i].view } : {}),
      }));
      const outcome = await this.sessions.completeIssuance({
        issuerId,
        sessionId: session.sessionId,
        nonceHashes: holders.nonceHashes,
        nonceExpiresAt: new Date(holders.nonceExpiresAtMs),
        credentials: records,
        successEvent: {
          event: successEvent(session),
          data: { credentialIds: records.map((r) => r.credentialId), credentialConfigurationId: session.credentialConfigurationId },
        },
        requestId,
      });
      if (outcome === 'nonce_reused') throw new Oid4vciError('invalid_nonce', 'the c_nonce was already used; request a new one');
      if (outcome === 'session_closed')
        throw new Oid4vciError('invalid_token', 'credentials were already issued for this access token', { status: 401 });
      return { credentials: credentials.map((credential) => ({ credential })) };
    } catch (error) {
      await this.statuses.release(issuerId, allocated);
      if (error instanceof Oid4vciError) {
        const failure = { event: failureEvent(session), error: error.error, errorDescription: error.message };
        if (endsIssuance(error)) await this.sessions.failIssuance(issuerId, session.sessionId, error.message, failure, requestId);
        else await this.events.recordEvents(issuerId, session.sessionId, session.profileId, [failure], requestId);
      }
      throw error;
    }
  }

  /**
   * RFC 6750 / RFC 9449: the access token must belong to an unexpired session of this issuer that can still issue;
   * a DPoP-bound token comes with the DPoP scheme and a proof of its key over this request (`ath`, `htm`, `htu`).
   */
  private async authorize(issuer: IssuerConfig, headers: PresentedHeaders): Promise<TokenSession> {
    const issuerId = issuer.id;
    const challenge = (error: string, description: string) =>
      new Oid4vciError('invalid_token', description, { status: 401, headers: { 'www-authenticate': `Bearer error="${error}"` } });
    const match = /^(Bearer|DPoP)\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(headers.authorization ?? '');
    if (!match) throw challenge('invalid_token', 'a Bearer or DPoP access token is required');
    const token = match[2];
    const session = await this.sessions.findByAccessToken(issuerId, hashSecret(token));
    if (!session) throw challenge('invalid_token', 'unknown access token');
    if (session.accessTokenExpiresAt.getTime() <= Date.now()) throw challenge('invalid_token', 'the access token has expired');
    if (session.status !== 'ACTIVE') throw challenge('invalid_token', `the issuance session is ${session.status.toLowerCase()}`);
    const presented = { scheme: match[1].toLowerCase() === 'dpop' ? ('DPoP' as const) : ('Bearer' as const), token };
    const { dpopRequired } = checkAccessTokenPresentation(presented, session.accessTokenJkt ? { jkt: session.accessTokenJkt } : {}, {
      dpopProofPresent: headers.dpop !== undefined,
      allowedAlgs: DPOP_SIGNING_ALGS,
    });
    if (dpopRequired)
      await this.dpop.verify({
        header: headers.dpop,
        method: 'POST',
        url: `${credentialIssuerOf(this.platform, issuerId)}/credential`,
        accessToken: token,
        expectedJkt: session.accessTokenJkt!,
        endpoint: 'resource',
        requireNonce: authorizationConfigOf(issuer).requireDpopNonce,
      });
    return session;
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

const EVENT_FORMAT: Record<string, 'sd_jwt_vc' | 'w3c_vc' | 'mso_mdoc'> = {
  'dc+sd-jwt': 'sd_jwt_vc',
  jwt_vc_json: 'w3c_vc',
  mso_mdoc: 'mso_mdoc',
};
/** Event names carry the format family (API.md §7). */
function successEvent(session: TokenSession) {
  return `credential_request_${EVENT_FORMAT[session.snapshot.credentialConfiguration['format'] as string] ?? 'sd_jwt_vc'}_succeeded` as const;
}
function failureEvent(session: TokenSession) {
  return `credential_request_${EVENT_FORMAT[session.snapshot.credentialConfiguration['format'] as string] ?? 'sd_jwt_vc'}_failed` as const;
}

/** Data that cannot become a credential (a failed `<webhook…>` call, a missing value) ends the session: a retry cannot help. */
const DATA_FAILURES = [
  'DATA_FUNCTION_WEBHOOK_FAILED',
  'DATA_FUNCTION_WEBHOOK_UNAVAILABLE',
  'DATA_FUNCTION_UNRESOLVED',
  'MDOC_DATA_CONVERSION_FAILED',
];
function endsIssuance(error: Oid4vciError): boolean {
  const cause = error.cause;
  return error.error === 'credential_request_denied' && cause instanceof CredentialError && DATA_FAILURES.includes(cause.code);
}
