import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { deepMergeReplace } from '@issuer/credentials';
import { buildCredentialOffer, credentialOfferLink, generateTxCodeValue, type CredentialOffer } from '@issuer/oid4vci';
import { AppError, PLATFORM_CONFIG, type FieldError, type PlatformConfig } from '@issuer/platform';
import { authorizationConfigOf } from '../authorization/authorization-config';
import { credentialIssuerOf } from '../common/public-url';
import { hashSecret, newSecret } from '../common/secrets';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import type { ProfileBody } from '../profiles/profile.schema';
import { validateProfile } from '../profiles/profile.validator';
import { OfferSessionRepository, type NewSession } from '../sessions/offer-session.repository';
import { WebhookConfigService } from '../webhooks/webhook-config.service';
import { DataFunctionFetcher } from '../wallet/data-function.fetcher';
import type { OfferRequest, OfferResponse } from './offer-request.schema';
import { pooledRandomBytes } from '../common/random-pool';
import { markAuditRecorded, pendingSuccessRecord, type PendingAudit } from '../audit/pending-audit';

interface PreparedOffer {
  session: NewSession;
  response: OfferResponse;
}

/** Creates credential offers (and their sessions) from a profile, one by one or in all-or-nothing batches. */
@Injectable()
export class OfferService {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(OfferSessionRepository) private readonly sessions: OfferSessionRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(WebhookConfigService) private readonly webhooks: WebhookConfigService,
    @Inject(DataFunctionFetcher) private readonly fetcher: DataFunctionFetcher,
  ) {}

  /** `audit`: the admin request's pending record, written with the offer (offer.create's target: the session it creates). */
  async create(
    issuerId: string,
    profileId: string,
    request: OfferRequest,
    requestId: string,
    audit?: PendingAudit,
  ): Promise<OfferResponse> {
    const [prepared] = await this.prepareAll(issuerId, profileId, [request], '');
    await this.sessions.createWithOffers(issuerId, [prepared.session], requestId, pendingSuccessRecord(audit, prepared.session.sessionId));
    markAuditRecorded(audit);
    return prepared.response;
  }

  async createBatch(
    issuerId: string,
    profileId: string,
    requests: OfferRequest[],
    requestId: string,
    audit?: PendingAudit,
  ): Promise<OfferResponse[]> {
    const prepared = await this.prepareAll(issuerId, profileId, requests, 'offers');
    await this.sessions.createWithOffers(
      issuerId,
      prepared.map((p) => p.session),
      requestId,
      pendingSuccessRecord(audit),
    );
    markAuditRecorded(audit);
    return prepared.map((p) => p.response);
  }

  private async prepareAll(issuerId: string, profileId: string, requests: OfferRequest[], prefix: string): Promise<PreparedOffer[]> {
    const issuer = await this.catalog.issuer(issuerId);
    if (!issuer) throw AppError.notFound(`issuer ${issuerId}`);
    const profile = await this.catalog.profile(issuerId, profileId);
    if (!profile || profile.status !== 'ACTIVE') throw AppError.notFound(`active profile ${profileId}`);
    const credentialIssuer = credentialIssuerOf(this.config, issuerId);
    // With an external AS the metadata lists two authorization servers, so each offer names its grant's (API.md §11).
    const externalAs = authorizationConfigOf(issuer.config).externalAuthorizationServer;
    const errors: FieldError[] = [];
    const prepared: PreparedOffer[] = [];
    const sessionIds = new Set<string>();
    for (const [index, request] of requests.entries()) {
      const at = prefix ? `${prefix}.${index}` : '';
      let effective: Omit<ProfileBody, 'id'> = profile.body;
      if (request.runtimeOverrides) {
        const { credentialData, ...replaced } = request.runtimeOverrides;
        effective = {
          ...profile.body,
          ...replaced,
          credentialData: deepMergeReplace(profile.body.credentialData ?? {}, credentialData ?? {}),
        };
        const overrideErrors = await validateProfile(
          { ...effective, name: profile.body.name, credentialConfigurationId: profile.body.credentialConfigurationId },
          issuer.config,
          {
            key: (keyId) => this.catalog.key(keyId),
            resolveDid: (did) => this.catalog.resolveDid(did),
            certificate: (certificateId) => this.catalog.certificate(certificateId),
            outboundRefusal: (url) => this.fetcher.refusal(url),
          },
          [at, 'runtimeOverrides'].filter(Boolean).join('.'),
        );
        errors.push(...overrideErrors);
        if (replaced.notifications !== undefined) {
          const path = [at, 'runtimeOverrides', 'notifications'].filter(Boolean).join('.');
          errors.push(...(await this.webhooks.validate(replaced.notifications, path)));
          if (!errors.length) effective.notifications = this.webhooks.seal(replaced.notifications, issuerId, profile.body.notifications);
        }
      }
      const sessionId = request.sessionId ?? randomUUID();
      if (sessionIds.has(sessionId))
        errors.push({ path: [at, 'sessionId'].filter(Boolean).join('.'), message: 'duplicate sessionId in this batch' });
      sessionIds.add(sessionId);
      const offerId = randomUUID();
      const authorized = request.authMethod === 'AUTHORIZED';
      if (authorized) errors.push(...authorizedOfferErrors(request, effective, at, externalAs !== undefined));
      const preAuthorizedCode = authorized ? undefined : newSecret();
      const preAuthCodeHash = preAuthorizedCode === undefined ? null : hashSecret(preAuthorizedCode);
      // issuer_state ties the wallet's authorization request to this offer's session (API.md §11).
      const issuerState = authorized && request.issuerStateMode !== 'OMIT' ? newSecret() : undefined;
      const txCodeValue = request.txCode
        ? (request.txCodeValue ?? generateTxCodeValue(request.txCode, (n) => pooledRandomBytes(n)))
        : undefined;
      const expiresAt = request.expiresInSeconds === -1 ? null : new Date(Date.now() + request.expiresInSeconds * 1000);
      const configurationId = profile.body.credentialConfigurationId;
      const credentialOffer: CredentialOffer = buildCredentialOffer({
        credentialIssuer,
        credentialConfigurationIds: [configurationId],
        ...(preAuthorizedCode !== undefined ? { preAuthorizedCode, txCode: request.txCode } : {}),
        ...(issuerState !== undefined ? { issuerState } : {}),
        ...(externalAs ? { authorizationServer: authorized ? externalAs.issuer : credentialIssuer } : {}),
      });
      const credentialOfferUri = `${credentialIssuer}/offers/${offerId}`;
      prepared.push({
        session: {
          sessionId,
          offerId,
          profileId,
          profileVersion: profile.version,
          authMethod: request.authMethod,
          credentialConfigurationId: configurationId,
          snapshot: { profile: effective, credentialConfiguration: issuer.config.credentialConfigurations[configurationId] },
          shareSnapshot: !request.runtimeOverrides,
          credentialOffer,
          preAuthCodeHash,
          txCodeHash: txCodeValue === undefined || preAuthCodeHash === null ? null : hashSecret(txCodeValue, preAuthCodeHash),
          issuerStateHash: issuerState === undefined ? null : hashSecret(issuerState, 'issuer_state:'),
          expiresAt,
        },
        response: {
          offerId,
          sessionId,
          profileId,
          profileVersion: profile.version,
          authMethod: request.authMethod,
          expiresAt: expiresAt?.toISOString() ?? null,
          ...(txCodeValue !== undefined ? { txCodeValue } : {}),
          credentialOffer:
            request.valueMode === 'BY_VALUE'
              ? credentialOfferLink({ offer: credentialOffer })
              : credentialOfferLink({ offerUri: credentialOfferUri }),
          ...(request.valueMode === 'BY_REFERENCE' ? { credentialOfferUri } : {}),
        },
      });
    }
    if (errors.length) throw AppError.validation(errors, 'The offer cannot be created');
    return prepared;
  }
}

/**
 * An offer for the authorization code flow needs a login method (API.md §11), unless the issuer's external AS does the
 * login; without issuer_state (`issuerStateMode: "OMIT"`) the wallet's request is served as wallet-initiated, so the
 * profile must allow that.
 */
function authorizedOfferErrors(request: OfferRequest, effective: Omit<ProfileBody, 'id'>, at: string, externalAs: boolean): FieldError[] {
  const path = (field: string) => [at, field].filter(Boolean).join('.');
  const errors: FieldError[] = [];
  if (!effective.authentication && !externalAs)
    errors.push({ path: path('authMethod'), message: 'AUTHORIZED needs a profile with authentication (how the subject logs in)' });
  if (request.issuerStateMode === 'OMIT' && !effective.walletInitiated)
    errors.push({
      path: path('issuerStateMode'),
      message: 'OMIT needs a profile with walletInitiated: true (the request is not tied to the offer)',
    });
  return errors;
}
