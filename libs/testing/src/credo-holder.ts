// Credo is loaded only when a holder is created (`create`): its ~1.5 s of module loading would otherwise be paid by
// every test file that imports @issuer/testing. Everything named from it here at top level is a type.
import type { Agent, Kms, MdocRecord, Module, SdJwtVcRecord, W3cCredentialRecord, W3cV2CredentialRecord, X509Module } from '@credo-ts/core';
import type {
  OpenId4VcModule,
  OpenId4VciCredentialBindingOptions,
  OpenId4VciCredentialResponse,
  OpenId4VciRequestTokenResponse,
  OpenId4VciResolvedCredentialOffer,
} from '@credo-ts/openid4vc';
import { credoAgentDependencies, withReadableCredoErrors } from './credo-agent-support';
import type { CredoInMemoryStorage } from './credo-in-memory-storage';

type CredoCore = typeof import('@credo-ts/core');
export type CredoRecord = SdJwtVcRecord | MdocRecord | W3cCredentialRecord | W3cV2CredentialRecord;

/** How Credo bound one credential configuration: the method, and the DID URLs or KMS key ids it proved. */
export interface CredoBinding {
  credentialConfigurationId: string;
  method: 'did:key' | 'did:jwk' | 'jwk';
  alg: Kms.KnownJwaSignatureAlgorithm;
  /** DID URLs (did methods) or public JWKs (jwk) in the credential request, one per requested credential. */
  didUrls: string[];
  publicJwks: Kms.KmsJwkPublicAsymmetric[];
}

export interface CredoIssuance {
  offer: OpenId4VciResolvedCredentialOffer;
  /** Credo's answers per configuration: each `record` is built only after Credo verified the credential(s). */
  credentials: OpenId4VciCredentialResponse[];
  /** The same records as read back from the holder's storage. */
  records: CredoRecord[];
  bindings: CredoBinding[];
  accessToken: string;
  /** `DPoP` when Credo bound the access token to a DPoP key (it does whenever the server advertises DPoP). */
  tokenType: string;
  /** The DPoP key and nonce Credo holds for this access token (for later calls such as notifications). */
  dpop?: OpenId4VciRequestTokenResponse['dpop'];
}

export interface CredoHolderOptions {
  /** PEM certificates Credo trusts for `x5c` (SD-JWT VC) and `x5chain` (mdoc), e.g. an IACA. */
  trustedCertificates?: string[];
  /** Credentials per configuration (a batch when > 1; Credo refuses more than the issuer's `batch_size`). */
  batchSize?: number;
  fetch?: typeof fetch;
}

/** The DID methods Credo creates for binding, in the order it prefers them (Credo's own tests prefer did:key). */
const DID_METHODS = ['did:key', 'did:jwk'] as const;
const KEY_TYPES: Partial<Record<Kms.KnownJwaSignatureAlgorithm, Kms.KmsCreateKeyTypeAssymetric>> = {
  ES256: { kty: 'EC', crv: 'P-256' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES256K: { kty: 'EC', crv: 'secp256k1' },
};

/**
 * A second independent holder: Credo (`@credo-ts/core` + `@credo-ts/openid4vc` 0.6.3) with in-memory storage and a
 * node:crypto KMS. It resolves an offer, runs the pre-authorized or authorization code flow, binds each credential
 * to a key it creates (did:key, did:jwk or jwk, as the configuration's `cryptographic_binding_methods_supported`
 * allows) and stores what it receives. Credo verifies every credential before building its record: SD-JWT VC
 * issuers through `x5c` (against `trustedCertificates`) or a DID `iss`, W3C JWT VCs through the issuer DID, mdocs
 * through their `x5chain` (against `trustedCertificates`); a credential it does not accept makes the flow throw.
 * `allowInsecureHttpUrls` is on because tests talk to 127.0.0.1 over http.
 */
export class CredoHolder {
  private constructor(
    readonly agent: Agent<{ openid4vc: OpenId4VcModule; x509: X509Module; kms: Kms.KeyManagementModule; storage: Module }>,
    private readonly batchSize: number,
    private readonly core: CredoCore,
  ) {}

  static async create(options: CredoHolderOptions = {}): Promise<CredoHolder> {
    const [core, { OpenId4VcModule }, { CredoNodeKms }, { CredoInMemoryStorageModule }] = await Promise.all([
      import('@credo-ts/core'),
      import('@credo-ts/openid4vc'),
      import('./credo-node-kms.js'),
      import('./credo-in-memory-storage.js'),
    ]);
    const agent = new core.Agent({
      config: { allowInsecureHttpUrls: true },
      dependencies: credoAgentDependencies(options.fetch ?? fetch),
      modules: {
        openid4vc: new OpenId4VcModule(),
        x509: new core.X509Module({ trustedCertificates: (options.trustedCertificates ?? []).map(base64Der) }),
        kms: new core.Kms.KeyManagementModule({ backends: [new CredoNodeKms()] }),
        storage: new CredoInMemoryStorageModule(),
      },
    });
    await agent.initialize();
    return new CredoHolder(agent, options.batchSize ?? 1, core);
  }

  trust(pem: string): void {
    this.agent.x509.config.addTrustedCertificate(base64Der(pem));
  }

  resolveOffer(offerUri: string): Promise<OpenId4VciResolvedCredentialOffer> {
    return this.agent.openid4vc.holder.resolveCredentialOffer(offerUri);
  }

  /** Offer → token (pre-authorized code, `txCode` when the offer asks for one) → nonce → credential(s) → stored. */
  async preAuthorizedFlow(offerUri: string, options: { txCode?: string } = {}): Promise<CredoIssuance> {
    return withReadableCredoErrors(async () => {
      const offer = await this.resolveOffer(offerUri);
      const token = await this.agent.openid4vc.holder.requestToken({ resolvedCredentialOffer: offer, txCode: options.txCode });
      return this.requestCredentials(offer, token);
    });
  }

  /**
   * Offer → PAR/authorization request (PKCE, DPoP when the server offers it) → `login` (given the authorization URL,
   * it must come back with the URL the server redirected the browser to) → token → credential(s) → stored.
   */
  async authorizationCodeFlow(
    offerUri: string,
    options: { clientId: string; redirectUri: string; login: (authorizationUrl: string) => Promise<string> },
  ): Promise<CredoIssuance> {
    return withReadableCredoErrors(() => this.codeFlow(offerUri, options));
  }

  private async codeFlow(
    offerUri: string,
    options: { clientId: string; redirectUri: string; login: (authorizationUrl: string) => Promise<string> },
  ): Promise<CredoIssuance> {
    const holder = this.agent.openid4vc.holder;
    const offer = await this.resolveOffer(offerUri);
    const authorization = await holder.resolveOpenId4VciAuthorizationRequest(offer, {
      clientId: options.clientId,
      redirectUri: options.redirectUri,
    });
    if (!('authorizationRequestUrl' in authorization)) throw new Error('Credo chose presentation during issuance');
    const redirect = await options.login(authorization.authorizationRequestUrl);
    const { authorizationCode } = holder.parseAuthorizationCodeFromAuthorizationResponse({
      authorizationResponseRedirectUrl: redirect,
      resolvedCredentialOffer: offer,
    });
    const token = await holder.requestToken({
      resolvedCredentialOffer: offer,
      code: authorizationCode,
      clientId: options.clientId,
      codeVerifier: authorization.codeVerifier,
      redirectUri: options.redirectUri,
      dpop: authorization.dpop,
    });
    return this.requestCredentials(offer, token, options.clientId);
  }

  /** Tells the issuer what became of the credential(s) of one configuration (OID4VCI 1.0 §11), as Credo sends it. */
  notify(issuance: CredoIssuance, notificationEvent: 'credential_accepted' | 'credential_failure' | 'credential_deleted', index = 0) {
    const notificationId = issuance.credentials[index]?.notificationId;
    if (!notificationId) throw new Error('the credential response carried no notification_id');
    return withReadableCredoErrors(() =>
      this.agent.openid4vc.holder.sendNotification({
        metadata: issuance.offer.metadata,
        notificationId,
        accessToken: issuance.accessToken,
        notificationEvent,
        dpop: issuance.dpop,
      }),
    );
  }

  /**
   * Credo's own VCDM 2.0 verifier for a `vc+jwt` (issuer key from the DID in `iss`/`kid`), outside the OID4VCI flow:
   * Credo 0.6.3's holder reads `jwt_vc_json` as VCDM 1.1 only (it wants the `vc` claim).
   */
  verifyW3cV2Jwt(compact: string) {
    return this.agent.dependencyManager
      .resolve(this.core.W3cV2CredentialService)
      .verifyCredential(this.agent.context, { credential: this.core.W3cV2JwtVerifiableCredential.fromCompact(compact) });
  }

  async shutdown(): Promise<void> {
    await this.agent.shutdown();
  }

  private async requestCredentials(
    offer: OpenId4VciResolvedCredentialOffer,
    token: OpenId4VciRequestTokenResponse,
    clientId?: string,
  ): Promise<CredoIssuance> {
    const bindings: CredoBinding[] = [];
    const response = await this.agent.openid4vc.holder.requestCredentials({
      resolvedCredentialOffer: offer,
      accessToken: token.accessToken,
      cNonce: token.cNonce,
      dpop: token.dpop,
      clientId,
      credentialBindingResolver: async (binding) => {
        const chosen = await this.bind(binding);
        bindings.push(chosen);
        return chosen.method === 'jwk'
          ? { method: 'jwk', keys: chosen.publicJwks.map((jwk) => this.core.Kms.PublicJwk.fromPublicJwk(jwk)) }
          : { method: 'did', didUrls: chosen.didUrls };
      },
    });
    const { credentials } = response;
    const records: CredoRecord[] = [];
    for (const { record } of credentials) records.push(await this.store(record));
    return {
      offer,
      credentials,
      records,
      bindings,
      accessToken: token.accessToken,
      tokenType: token.accessTokenResponse.token_type,
      dpop: response.dpop ?? token.dpop,
    };
  }

  /** Keys the holder creates for one configuration, bound the way the issuer's metadata allows. */
  private async bind(options: OpenId4VciCredentialBindingOptions): Promise<CredoBinding> {
    const algorithms = options.proofTypes.jwt?.supportedSignatureAlgorithms ?? [];
    const alg = (Object.keys(KEY_TYPES) as Kms.KnownJwaSignatureAlgorithm[]).find((a) => algorithms.includes(a));
    if (!alg) throw new Error(`no proof algorithm the holder can use among ${algorithms.join(', ')}`);
    const didMethod = options.supportsAllDidMethods
      ? DID_METHODS[0]
      : DID_METHODS.find((method) => options.supportedDidMethods?.includes(method));
    const method = options.credentialFormat === 'mso_mdoc' || !didMethod ? 'jwk' : didMethod;
    if (method === 'jwk' && !options.supportsJwk)
      throw new Error(`${options.credentialConfigurationId}: no binding method the holder supports`);
    const count = Math.min(this.batchSize, options.issuerMaxBatchSize);
    const binding: CredoBinding = {
      credentialConfigurationId: options.credentialConfigurationId,
      method,
      alg,
      didUrls: [],
      publicJwks: [],
    };
    for (let i = 0; i < count; i++) {
      const { keyId, publicJwk } = await this.agent.kms.createKey({ type: KEY_TYPES[alg]! });
      binding.publicJwks.push(publicJwk as Kms.KmsJwkPublicAsymmetric);
      if (method === 'jwk') continue;
      const created = await this.agent.dids.create({ method: method.slice(4), options: { keyId } });
      const didUrl = created.didState.didDocument?.verificationMethod?.[0]?.id;
      if (!didUrl) throw new Error(`Credo could not create a ${method}: ${JSON.stringify(created.didState)}`);
      binding.didUrls.push(didUrl);
    }
    return binding;
  }

  private async store(record: CredoRecord): Promise<CredoRecord> {
    const { dependencyManager, context } = this.agent;
    const core = this.core;
    if (record instanceof core.SdJwtVcRecord) await dependencyManager.resolve(core.SdJwtVcRepository).save(context, record);
    else if (record instanceof core.MdocRecord) await dependencyManager.resolve(core.MdocRepository).save(context, record);
    else if (record instanceof core.W3cCredentialRecord)
      await dependencyManager.resolve(core.W3cCredentialRepository).save(context, record);
    else await dependencyManager.resolve(core.W3cV2CredentialRepository).save(context, record);
    const storage = dependencyManager.resolve<CredoInMemoryStorage>(core.InjectionSymbols.StorageService);
    return (await storage.getById(context, record.constructor as never, record.id)) as CredoRecord;
  }
}

/** Base64 DER, the form Credo's X509 module takes trusted certificates in. */
function base64Der(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
}
