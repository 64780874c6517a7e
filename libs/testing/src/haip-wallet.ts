import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  clientAuthenticationClientAttestationJwt,
  clientAuthenticationNone,
  createClientAttestationJwt,
  Oauth2Client,
  resourceRequest,
  setGlobalConfig,
  type AuthorizationServerMetadata,
  type CallbackContext,
  type RequestDpopOptions,
} from '@openid4vc/oauth2';
import { Openid4vciClient, type CredentialOfferObject, type IssuerMetadataResult } from '@openid4vc/openid4vci';
import { rawAnswerOf, signDpopProof, type DpopProofOptions, type RawAnswer } from './wallet-test-helpers';

/** A key of the wallet (DPoP, holder, client instance) or of the wallet provider (attestation signer). */
export interface WalletKey {
  alg: 'ES256';
  publicJwk: JWK;
  privateKey: CryptoKey;
}

export async function newWalletKey(): Promise<WalletKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { alg: 'ES256', publicJwk: await exportJWK(publicKey), privateKey };
}

/** Where a wallet is after its (pushed) authorization request: what the later steps need. */
export interface AuthorizationStart {
  credentialIssuer: string;
  /** The URL the wallet opens in the browser (the issuer's /authorize with client_id + request_uri after PAR). */
  authorizationRequestUrl: string;
  /** The PAR `request_uri` (absent when the AS announces no PAR endpoint). */
  requestUri?: string;
  codeVerifier: string;
  redirectUri: string;
  state: string;
  /** The DPoP key the code is bound to (with a server nonce, if the AS gave one). */
  dpop: RequestDpopOptions;
}

export interface HaipWalletOptions {
  /** The wallet's `client_id` (with attestation: the attestation's `sub`). */
  clientId?: string;
  /** Default redirect URI of the authorization requests. */
  redirectUri?: string;
  /** The wallet provider key that signs the client attestation; without it, the wallet sends no attestation. */
  attester?: WalletKey;
  /** `iss` of the client attestation (the wallet provider). */
  attestationIssuer?: string;
  fetch?: typeof fetch;
}

/**
 * A HAIP-style wallet for the authorization code flow, on the independent OWF libraries `@openid4vc/openid4vci` and
 * `@openid4vc/oauth2` 0.4.6 (not on our code): PAR with PKCE S256 and a DPoP proof (binding the code to the DPoP
 * key), client attestation (`OAuth-Client-Attestation` + `-PoP`) from a wallet provider key the test owns, the
 * authorization response checked (`iss`, `state`), the token request with DPoP, the credential request with DPoP
 * (`ath`) and a proof JWT on a fresh `c_nonce`. The steps are separate so a test can change one; the `raw*` and
 * `dpopProof` / `attestationHeaders` helpers build with `fetch` + `jose` what the library refuses to send.
 */
export class HaipWallet {
  readonly vci: Openid4vciClient;
  readonly oauth: Oauth2Client;
  readonly callbacks: Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'>;
  private readonly keys = new Map<string, WalletKey>();
  private readonly metadataCache = new Map<string, Promise<{ issuerMetadata: IssuerMetadataResult; as: AuthorizationServerMetadata }>>();

  private constructor(
    readonly clientId: string,
    readonly redirectUri: string,
    /** The client attestation JWT this wallet presents (absent: none). */
    readonly clientAttestation: string | undefined,
    /** The client instance key bound in the attestation (`cnf.jwk`); signs the attestation PoPs. */
    readonly instanceKey: WalletKey | undefined,
    private readonly fetchImpl: typeof fetch,
  ) {
    // Tests talk to 127.0.0.1 over http; the library refuses http unless told otherwise.
    setGlobalConfig({ allowInsecureUrls: true });
    const base: Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'> = {
      hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
      generateRandom: (length) => randomBytes(length),
      // Public client: the code flow needs a client_id at the token endpoint (anonymous is for pre-authorized only).
      clientAuthentication: clientAuthenticationNone({ clientId }),
      fetch: (input, init) => this.fetchImpl(input, init),
      signJwt: async (signer, { header, payload }) => {
        const publicJwk = (signer as { publicJwk?: JWK }).publicJwk;
        const key = publicJwk && this.keys.get(await calculateJwkThumbprint(publicJwk));
        if (!key) throw new Error(`the wallet has no key for signer ${signer.method}`);
        return {
          jwt: await new SignJWT(payload as never).setProtectedHeader(header as never).sign(key.privateKey),
          signerJwk: publicJwk as never,
        };
      },
    };
    this.callbacks = clientAttestation
      ? {
          ...base,
          clientAuthentication: clientAuthenticationClientAttestationJwt({ clientAttestationJwt: clientAttestation, callbacks: base }),
        }
      : base;
    this.vci = new Openid4vciClient({ callbacks: this.callbacks });
    this.oauth = new Oauth2Client({ callbacks: this.callbacks });
  }

  /** A wallet; with `attester`, it holds a client attestation (1 h) for a fresh instance key, signed by that key. */
  static async create(options: HaipWalletOptions = {}): Promise<HaipWallet> {
    const clientId = options.clientId ?? 'https://wallet.example/app';
    const redirectUri = options.redirectUri ?? 'https://wallet.example/cb';
    const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    if (!options.attester) return new HaipWallet(clientId, redirectUri, undefined, undefined, fetchImpl);
    const instanceKey = await newWalletKey();
    const attestation = await HaipWallet.attest(options.attester, { clientId, instanceKey, issuer: options.attestationIssuer });
    const wallet = new HaipWallet(clientId, redirectUri, attestation, instanceKey, fetchImpl);
    await wallet.addKey(instanceKey);
    return wallet;
  }

  /** A client attestation JWT by the library (`oauth-client-attestation+jwt`): `sub` = clientId, `cnf.jwk` = instance key. */
  static async attest(
    attester: WalletKey,
    options: { clientId: string; instanceKey: WalletKey; issuer?: string | undefined; expiresAt?: Date },
  ): Promise<string> {
    const signer = new HaipWallet(options.clientId, 'https://wallet.example/cb', undefined, undefined, fetch);
    await signer.addKey(attester);
    return createClientAttestationJwt({
      issuer: options.issuer ?? 'https://wallet-provider.example',
      clientId: options.clientId,
      expiresAt: options.expiresAt ?? new Date(Date.now() + 3_600_000),
      confirmation: { jwk: options.instanceKey.publicJwk as never },
      callbacks: signer.callbacks,
      signer: { method: 'jwk', alg: 'ES256', publicJwk: attester.publicJwk as never },
    });
  }

  async addKey(key: WalletKey): Promise<WalletKey> {
    this.keys.set(await calculateJwkThumbprint(key.publicJwk), key);
    return key;
  }

  /** A fresh key the wallet can sign with (DPoP or holder key). */
  async newKey(): Promise<WalletKey> {
    return this.addKey(await newWalletKey());
  }

  /** A DPoP signer option on a fresh key. */
  async newDpop(): Promise<RequestDpopOptions> {
    const key = await this.newKey();
    return { signer: { method: 'jwk', alg: 'ES256', publicJwk: key.publicJwk as never } };
  }

  async resolveOffer(offer: string): Promise<CredentialOfferObject> {
    return this.vci.resolveCredentialOffer(offer);
  }

  /** Issuer metadata and the (first) authorization server's metadata, resolved once per issuer. */
  async metadata(credentialIssuer: string): Promise<{ issuerMetadata: IssuerMetadataResult; as: AuthorizationServerMetadata }> {
    let cached = this.metadataCache.get(credentialIssuer);
    if (!cached) {
      cached = this.vci.resolveIssuerMetadata(credentialIssuer).then((issuerMetadata) => {
        const as = issuerMetadata.authorizationServers[0];
        if (!as) throw new Error(`no authorization server metadata for ${credentialIssuer}`);
        return { issuerMetadata, as };
      });
      this.metadataCache.set(credentialIssuer, cached);
      cached.catch(() => this.metadataCache.delete(credentialIssuer));
    }
    return cached;
  }

  /**
   * The authorization request: pushed (PAR) when the AS announces it, with PKCE S256, `state`, a DPoP proof on a
   * fresh key (binding the code), the attestation when the wallet has one, and `issuer_state` from an offer or
   * `scope` / `authorization_details` for a wallet-initiated request. Returns what the next steps need.
   */
  async par(request: {
    credentialIssuer: string;
    issuerState?: string;
    scope?: string;
    authorizationDetails?: unknown[];
    redirectUri?: string;
    state?: string;
    dpop?: RequestDpopOptions;
    /** RFC 8707 `resource`; by default the credential issuer when it names `authorization_servers` (OID4VCI 1.0 §5.1.2). */
    resource?: string;
  }): Promise<AuthorizationStart> {
    const { as, issuerMetadata } = await this.metadata(request.credentialIssuer);
    const resource = request.resource ?? (issuerMetadata.credentialIssuer.authorization_servers ? request.credentialIssuer : undefined);
    const dpop = request.dpop ?? (await this.newDpop());
    const state = request.state ?? randomBytes(12).toString('base64url');
    const redirectUri = request.redirectUri ?? this.redirectUri;
    const started = await this.oauth.createAuthorizationRequestUrl({
      authorizationServerMetadata: as,
      clientId: this.clientId,
      redirectUri,
      state,
      ...(request.scope ? { scope: request.scope } : {}),
      ...(resource ? { resource } : {}),
      dpop,
      additionalRequestPayload: {
        ...(request.issuerState ? { issuer_state: request.issuerState } : {}),
        ...(request.authorizationDetails ? { authorization_details: request.authorizationDetails } : {}),
      },
    });
    if (!started.pkce) throw new Error('the authorization server announces no PKCE method');
    const requestUri = new URL(started.authorizationRequestUrl).searchParams.get('request_uri') ?? undefined;
    return {
      credentialIssuer: request.credentialIssuer,
      authorizationRequestUrl: started.authorizationRequestUrl,
      ...(requestUri ? { requestUri } : {}),
      codeVerifier: started.pkce.codeVerifier,
      redirectUri,
      state,
      dpop: started.dpop ?? dpop,
    };
  }

  /** Offer (URI or `openid-credential-offer://` link) → PAR with the offer's `issuer_state`. */
  async parFromOffer(offer: string, request: { scope?: string; redirectUri?: string; state?: string } = {}) {
    const credentialOffer = await this.resolveOffer(offer);
    const issuerState = credentialOffer.grants?.authorization_code?.issuer_state;
    const start = await this.par({
      credentialIssuer: credentialOffer.credential_issuer,
      ...(issuerState ? { issuerState } : {}),
      ...request,
    });
    return { credentialOffer, start };
  }

  /** The authorization URL to open (after PAR: only `client_id` and `request_uri`). */
  authorizationUrl(start: AuthorizationStart): string {
    return start.authorizationRequestUrl;
  }

  /** The authorization response at the redirect URI, `iss` (RFC 9207) checked; `state` must be the request's. */
  async authorizationResponse(start: AuthorizationStart, redirectUrl: string) {
    const { as } = await this.metadata(start.credentialIssuer);
    const response = this.vci.parseAndVerifyAuthorizationResponseRedirectUrl({ url: redirectUrl, authorizationServerMetadata: as });
    if (response.state !== start.state) throw new Error(`state ${String(response.state)} is not the request's ${start.state}`);
    return response;
  }

  /** The code from the redirect; throws with the error when the AS answered one. */
  async codeFrom(start: AuthorizationStart, redirectUrl: string): Promise<string> {
    const response = await this.authorizationResponse(start, redirectUrl);
    if (!response.code) throw new Error(`authorization error ${response.error}: ${String(response.error_description)}`);
    return response.code;
  }

  /** Token request: code + code_verifier + redirect_uri + DPoP (+ attestation). `change` tampers with one of them. */
  async token(
    start: AuthorizationStart,
    code: string,
    change: { codeVerifier?: string; redirectUri?: string; dpop?: RequestDpopOptions } = {},
  ) {
    const { as } = await this.metadata(start.credentialIssuer);
    const answer = await this.oauth.retrieveAuthorizationCodeAccessToken({
      authorizationServerMetadata: as,
      authorizationCode: code,
      pkceCodeVerifier: change.codeVerifier ?? start.codeVerifier,
      redirectUri: change.redirectUri ?? start.redirectUri,
      dpop: change.dpop ?? start.dpop,
    });
    return { accessTokenResponse: answer.accessTokenResponse, dpop: answer.dpop ?? change.dpop ?? start.dpop };
  }

  /** Refresh token grant with DPoP. */
  async refresh(credentialIssuer: string, refreshToken: string, dpop: RequestDpopOptions) {
    const { as } = await this.metadata(credentialIssuer);
    const answer = await this.oauth.retrieveRefreshTokenAccessToken({ authorizationServerMetadata: as, refreshToken, dpop });
    return { accessTokenResponse: answer.accessTokenResponse, dpop: answer.dpop ?? dpop };
  }

  /** A `c_nonce` from the nonce endpoint. */
  async nonce(credentialIssuer: string): Promise<string> {
    const { issuerMetadata } = await this.metadata(credentialIssuer);
    return (await this.vci.requestNonce({ issuerMetadata })).c_nonce;
  }

  /** A proof JWT (`openid4vci-proof+jwt`) by the library for the holder key, on a fresh nonce unless one is given. */
  async proof(credentialIssuer: string, credentialConfigurationId: string, holder: WalletKey, nonce?: string): Promise<string> {
    const { issuerMetadata } = await this.metadata(credentialIssuer);
    const { jwt } = await this.vci.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId,
      nonce: nonce ?? (await this.nonce(credentialIssuer)),
      issuedAt: new Date(),
      signer: { method: 'jwk', alg: holder.alg, publicJwk: holder.publicJwk as never },
    });
    return jwt;
  }

  /**
   * Credential request with the DPoP-bound access token (`ath`) and one proof on a fresh holder key and nonce. With
   * `credentialIdentifier` (from the token response's `authorization_details`) the request names the identifier
   * instead of the configuration: the library's `retrieveCredentials` always adds `credential_configuration_id`, so
   * that request goes through the library's `resourceRequest` (DPoP proof and nonce retry still by the library).
   */
  async credential(
    credentialIssuer: string,
    accessToken: string,
    options: { credentialConfigurationId: string; dpop: RequestDpopOptions; credentialIdentifier?: string },
  ): Promise<{ credential: string; holder: WalletKey; response: Record<string, unknown> }> {
    const { issuerMetadata } = await this.metadata(credentialIssuer);
    const holder = await this.newKey();
    const jwt = await this.proof(credentialIssuer, options.credentialConfigurationId, holder);
    let credentialResponse: { credentials?: unknown[] };
    if (options.credentialIdentifier) {
      const answer = await resourceRequest({
        callbacks: this.callbacks,
        accessToken,
        url: issuerMetadata.credentialIssuer.credential_endpoint,
        dpop: options.dpop,
        requestOptions: {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ credential_identifier: options.credentialIdentifier, proofs: { jwt: [jwt] } }),
        },
      });
      const body = (await answer.response.json()) as { credentials?: unknown[]; error?: string };
      if (!answer.ok) throw Object.assign(new Error(`credential request refused: ${JSON.stringify(body)}`), { errorResponse: body });
      credentialResponse = body;
    } else {
      credentialResponse = (
        await this.vci.retrieveCredentials({
          issuerMetadata,
          credentialConfigurationId: options.credentialConfigurationId,
          proofs: { jwt: [jwt] },
          accessToken,
          dpop: options.dpop,
        })
      ).credentialResponse;
    }
    const credential = (credentialResponse.credentials?.[0] as { credential?: unknown } | undefined)?.credential;
    if (typeof credential !== 'string') throw new Error(`no credential in ${JSON.stringify(credentialResponse)}`);
    return { credential, holder, response: credentialResponse as Record<string, unknown> };
  }

  // ---- Hand-built requests for negative tests (fetch + jose; test code only) ----

  /** The private key of a signer option the wallet made (for proofs built by hand). */
  async keyOf(dpop: RequestDpopOptions): Promise<WalletKey> {
    const key = this.keys.get(await calculateJwkThumbprint(dpop.signer.publicJwk as JWK));
    if (!key) throw new Error('not a key of this wallet');
    return key;
  }

  /** A DPoP proof built by hand (see `signDpopProof`). */
  dpopProof(options: DpopProofOptions): Promise<string> {
    return signDpopProof(options);
  }

  /**
   * `OAuth-Client-Attestation` and a fresh `-PoP` (aud = the AS issuer) for a hand-built request. `attestation`
   * replaces the wallet's (e.g. one signed by an untrusted key), `pop` overrides PoP claims.
   */
  async attestationHeaders(
    credentialIssuer: string,
    change: { attestation?: string; instanceKey?: WalletKey; pop?: Record<string, unknown> } = {},
  ): Promise<Record<string, string>> {
    const attestation = change.attestation ?? this.clientAttestation;
    const instanceKey = change.instanceKey ?? this.instanceKey;
    if (!attestation || !instanceKey) throw new Error('the wallet has no client attestation');
    const { as } = await this.metadata(credentialIssuer);
    const pop = await new SignJWT({
      iss: this.clientId,
      aud: as.issuer,
      jti: randomBytes(16).toString('base64url'),
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 60,
      ...change.pop,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'oauth-client-attestation-pop+jwt' })
      .sign(instanceKey.privateKey);
    return { 'oauth-client-attestation': attestation, 'oauth-client-attestation-pop': pop };
  }

  /** POST a form to `{credentialIssuer}{path}` (e.g. `/par`, `/token`) with the given headers; never throws on HTTP errors. */
  async rawForm(
    credentialIssuer: string,
    path: string,
    params: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<RawAnswer> {
    return this.raw(`${credentialIssuer}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params).toString(),
    });
  }

  /** POST /credential with JSON `body` and `authorization` / `dpop` headers as given. */
  async rawCredential(credentialIssuer: string, body: unknown, headers: Record<string, string>): Promise<RawAnswer> {
    return this.raw(`${credentialIssuer}/credential`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  /** GET without following redirects (e.g. /authorize), `accept` as given. */
  async rawGet(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
    return this.raw(url, { method: 'GET', headers, redirect: 'manual' });
  }

  private async raw(url: string, init: RequestInit): Promise<RawAnswer> {
    return rawAnswerOf(await this.fetchImpl(url, init));
  }
}
