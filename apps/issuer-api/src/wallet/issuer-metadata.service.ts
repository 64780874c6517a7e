import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { buildAuthorizationServerMetadata } from '@issuer/oauth2';
import { buildCredentialIssuerMetadata, buildJwtVcIssuerMetadata, type CredentialConfiguration, type IssuerDisplay } from '@issuer/oid4vci';
import { LOGGER, PLATFORM_CONFIG, TtlCache, type Logger, type PlatformConfig } from '@issuer/platform';
import { authorizationConfigOf } from '../authorization/authorization-config';
import { DPOP_SIGNING_ALGS } from '../authorization/dpop/dpop.service';
import { credentialIssuerOf } from '../common/public-url';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { StatusSignersClient } from '../status-lists/status-signers.client';
import { SignedMetadataSigner } from './signed-metadata.signer';
import { buildTypeMetadata } from './type-metadata.builder';
import { requireWalletIssuer } from './wallet-issuer';

export interface PublicDocument {
  body: string;
  etag: string;
}

const TTL_MS = 30_000;

/**
 * The issuer's public documents (credential issuer, AS and JWT VC issuer metadata, JWKS, type metadata),
 * serialised once and cached briefly with an ETag: they are read on every wallet flow and change rarely.
 */
@Injectable()
export class IssuerMetadataService {
  private readonly documents = new TtlCache<string, PublicDocument>(TTL_MS);

  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(SignedMetadataSigner) private readonly signer: SignedMetadataSigner,
    @Inject(StatusSignersClient) private readonly statusSigners: StatusSignersClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    catalog.onChange(() => this.documents.clear());
  }

  credentialIssuer(issuerId: string): Promise<PublicDocument> {
    return this.document(`ci:${issuerId}`, async () => {
      const { config } = await requireWalletIssuer(this.catalog, issuerId);
      const credentialIssuer = credentialIssuerOf(this.config, issuerId);
      const external = authorizationConfigOf(config).externalAuthorizationServer;
      return buildCredentialIssuerMetadata({
        credentialIssuer,
        display: config.display as IssuerDisplay[] | undefined,
        credentialConfigurations: config.credentialConfigurations as Record<string, CredentialConfiguration>,
        batchSize: config.batchSize,
        // External AS mode (API.md §11): it serves the authorization code flow, listed first for wallets that take
        // the first entry; the issuer stays listed (OID4VCI 1.0 §12.2.4) because its own token endpoint still
        // redeems pre-authorized codes, which any profile may offer. Offers then name their grant's server (§4.1.1).
        ...(external ? { authorizationServers: [external.issuer, credentialIssuer] } : {}),
      });
    });
  }

  /** The metadata as a signed JWT, when the issuer configures `signedMetadata`; undefined otherwise (JSON is served). */
  async signedCredentialIssuer(issuerId: string): Promise<PublicDocument | undefined> {
    const { config } = await requireWalletIssuer(this.catalog, issuerId);
    const signing = config.signedMetadata;
    if (!signing) return undefined;
    const cacheKey = `sci:${issuerId}`;
    const cached = this.documents.get(cacheKey);
    if (cached) return cached;
    const metadata = JSON.parse((await this.credentialIssuer(issuerId)).body) as Record<string, unknown>;
    // A signing key that is gone or disabled: the metadata is still served, as JSON (never a 500).
    const body = await this.signer.sign(metadata, signing).catch((error: unknown) => {
      this.logger.warn({ err: error, issuerId }, 'issuer metadata could not be signed; serving JSON');
      return undefined;
    });
    if (body === undefined) return undefined;
    const document = { body, etag: etagOf(body) };
    this.documents.set(cacheKey, document);
    return document;
  }

  authorizationServer(issuerId: string): Promise<PublicDocument> {
    return this.document(`as:${issuerId}`, async () => {
      const issuer = await requireWalletIssuer(this.catalog, issuerId);
      const settings = authorizationConfigOf(issuer.config);
      const credentialIssuer = credentialIssuerOf(this.config, issuerId);
      // The issuer is its own authorization server for every grant (API.md §11).
      const scopes = Object.values(issuer.config.credentialConfigurations)
        .map((c) => (c as { scope?: unknown }).scope)
        .filter((scope): scope is string => typeof scope === 'string');
      return buildAuthorizationServerMetadata({
        credentialIssuer,
        requirePushedAuthorizationRequests: settings.requirePar,
        dpopSigningAlgs: DPOP_SIGNING_ALGS,
        refreshTokens: settings.refreshTokens,
        ...(settings.clientAttestation ? { clientAttestation: { required: settings.clientAttestation.required } } : {}),
        ...(scopes.length ? { scopes: [...new Set(scopes)] } : {}),
        jwksUri: `${credentialIssuer}/jwks`,
      });
    });
  }

  jwtVcIssuer(issuerId: string): Promise<PublicDocument> {
    return this.document(`jvi:${issuerId}`, async () =>
      buildJwtVcIssuerMetadata({ credentialIssuer: credentialIssuerOf(this.config, issuerId), jwks: await this.keys(issuerId) }),
    );
  }

  jwks(issuerId: string): Promise<PublicDocument> {
    return this.document(`jwks:${issuerId}`, async () => ({ keys: await this.keys(issuerId) }));
  }

  /** SD-JWT VC Type Metadata for the default `vct` of a configuration, from its display and claims. */
  typeMetadata(issuerId: string, configId: string): Promise<PublicDocument | undefined> {
    return this.document(`type:${issuerId}:${configId}`, async () => {
      const { config } = await requireWalletIssuer(this.catalog, issuerId);
      const configuration = config.credentialConfigurations[configId] as CredentialConfiguration | undefined;
      if (!configuration || configuration.format !== 'dc+sd-jwt') return undefined;
      const credentialIssuer = credentialIssuerOf(this.config, issuerId);
      return buildTypeMetadata(
        (configuration as { vct?: string }).vct ?? `${credentialIssuer}/types/${encodeURIComponent(configId)}`,
        configuration.credential_metadata,
      );
    });
  }

  /** The W3C SRI string (`sha256-<base64>`) of the Type Metadata bytes served, for `vct#integrity` (SD-JWT VC §6.5). */
  async typeMetadataIntegrity(issuerId: string, configId: string): Promise<string | undefined> {
    const document = await this.typeMetadata(issuerId, configId);
    return document ? `sha256-${createHash('sha256').update(document.body).digest('base64')}` : undefined;
  }

  /** Public keys of every active profile's issuer key, the issuer's token and status list keys, and every key signing its lists. */
  private async keys(issuerId: string): Promise<Record<string, unknown>[]> {
    const { config } = await requireWalletIssuer(this.catalog, issuerId);
    const profiles = await this.catalog.profiles.list(issuerId);
    const keyIds = new Set(profiles.filter((p) => p.status === 'ACTIVE').map((p) => p.body.issuerKeyId));
    if (config.tokenKeyId) keyIds.add(config.tokenKeyId);
    // Verifiers of Token Status Lists find the status key here (API.md §10).
    if (config.statusListKeyId) keyIds.add(config.statusListKeyId);
    // A list keeps its signer after statusListKeyId or a profile moved on: its token must still verify here.
    for (const keyId of await this.statusSigners.keyIdsOf(issuerId)) keyIds.add(keyId);
    // And verifiers of signed metadata (OID4VCI §12.2.3) that go by `kid`.
    if (config.signedMetadata) keyIds.add(config.signedMetadata.keyId);
    const keys = await Promise.all([...keyIds].map((id) => this.catalog.key(id)));
    return keys.filter((k) => k !== undefined).map((k) => ({ ...k.publicJwk, use: 'sig' }));
  }

  private async document(cacheKey: string, build: () => Promise<unknown>): Promise<PublicDocument> {
    const cached = this.documents.get(cacheKey);
    if (cached) return cached;
    const value = await build();
    if (value === undefined) return undefined as unknown as PublicDocument;
    const body = JSON.stringify(value);
    const document = { body, etag: etagOf(body) };
    this.documents.set(cacheKey, document);
    return document;
  }
}

const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
