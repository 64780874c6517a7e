import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  clientAuthenticationClientAttestationJwt,
  clientAuthenticationNone,
  createClientAttestationJwt,
  Oauth2Client,
  setGlobalConfig,
  type CallbackContext,
  type RequestDpopOptions,
} from '@openid4vc/oauth2';
import { Openid4vciClient } from '@openid4vc/openid4vci';

export interface WalletKey {
  alg: 'ES256';
  publicJwk: JWK;
  privateKey: CryptoKey;
}

export async function newWalletKey(): Promise<WalletKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { alg: 'ES256', publicJwk: await exportJWK(publicKey), privateKey };
}

/** Where the wallet is in the flow after sending the subject to the issuer's /authorize. */
export interface StartedAuthorization {
  authorizationRequestUrl: string;
  codeVerifier: string;
  dpop: RequestDpopOptions;
}

/**
 * A HAIP-style wallet on the independent OWF libraries `@openid4vc/openid4vci` and `@openid4vc/oauth2` (not on our
 * code): PAR with PKCE and a DPoP proof, client attestation from a wallet provider key the test owns, the
 * authorization response checked (`iss`, `state`), the token request with DPoP, and the credential request with
 * DPoP (`ath`) and a proof JWT. The steps are separate so tests can change one of them.
 */
export class CodeFlowWallet {
  private readonly keys = new Map<string, WalletKey>();
  readonly vci: Openid4vciClient;
  readonly oauth: Oauth2Client;
  readonly callbacks: Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'>;

  private constructor(
    readonly clientId: string,
    clientAttestationJwt: string | undefined,
  ) {
    setGlobalConfig({ allowInsecureUrls: true });
    const base: Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'> = {
      hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
      generateRandom: (length) => randomBytes(length),
      clientAuthentication: clientAuthenticationNone({ clientId }),
      signJwt: async (signer, { header, payload }) => {
        const publicJwk = (signer as { publicJwk: JWK }).publicJwk;
        const key = this.keys.get(await calculateJwkThumbprint(publicJwk));
        if (!key) throw new Error('unknown wallet key');
        return {
          jwt: await new SignJWT(payload as never).setProtectedHeader(header as never).sign(key.privateKey),
          signerJwk: publicJwk as never,
        };
      },
    };
    this.callbacks = clientAttestationJwt
      ? { ...base, clientAuthentication: clientAuthenticationClientAttestationJwt({ clientAttestationJwt, callbacks: base }) }
      : base;
    this.vci = new Openid4vciClient({ callbacks: this.callbacks });
    this.oauth = new Oauth2Client({ callbacks: this.callbacks });
  }

  /** A wallet; with `attester`, it carries a client attestation signed by that wallet provider key. */
  static async create(options: { clientId?: string; attester?: WalletKey } = {}): Promise<CodeFlowWallet> {
    const clientId = options.clientId ?? 'https://wallet.example/app';
    let wallet = new CodeFlowWallet(clientId, undefined);
    if (options.attester) {
      const instance = await wallet.addKey(await newWalletKey());
      const attester = options.attester;
      const signer = new CodeFlowWallet(clientId, undefined);
      await signer.addKey(attester);
      const attestation = await createClientAttestationJwt({
        issuer: 'https://wallet-provider.example',
        clientId,
        expiresAt: new Date(Date.now() + 3_600_000),
        confirmation: { jwk: instance.publicJwk as never },
        callbacks: signer.callbacks,
        signer: { method: 'jwk', alg: 'ES256', publicJwk: attester.publicJwk as never },
      });
      const attested = new CodeFlowWallet(clientId, attestation);
      for (const key of wallet.keys.values()) await attested.addKey(key);
      wallet = attested;
    }
    return wallet;
  }

  async addKey(key: WalletKey): Promise<WalletKey> {
    this.keys.set(await calculateJwkThumbprint(key.publicJwk), key);
    return key;
  }

  async dpopKey(): Promise<RequestDpopOptions> {
    const key = await this.addKey(await newWalletKey());
    return { signer: { method: 'jwk', alg: 'ES256', publicJwk: key.publicJwk as never } };
  }

  /** A DPoP proof by hand with the key of `dpop` (to replay it, or to change one claim). */
  async dpopProof(dpop: RequestDpopOptions, claims: Record<string, unknown>): Promise<string> {
    const publicJwk = (dpop.signer as { publicJwk: JWK }).publicJwk;
    const key = this.keys.get(await calculateJwkThumbprint(publicJwk));
    if (!key) throw new Error('unknown DPoP key');
    return new SignJWT({ iat: Math.floor(Date.now() / 1000), jti: randomBytes(12).toString('base64url'), ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk })
      .sign(key.privateKey);
  }

  async metadata(credentialIssuer: string) {
    const issuerMetadata = await this.vci.resolveIssuerMetadata(credentialIssuer);
    const authorizationServerMetadata = issuerMetadata.authorizationServers[0];
    return { issuerMetadata, authorizationServerMetadata };
  }

  /** PAR (the library uses it when the AS announces it) + PKCE + DPoP, with the offer's issuer_state or a scope. */
  async startAuthorization(
    credentialIssuer: string,
    request: { issuerState?: string; scope?: string; authorizationDetails?: unknown[]; redirectUri: string; state?: string },
  ): Promise<StartedAuthorization> {
    const { authorizationServerMetadata } = await this.metadata(credentialIssuer);
    const dpop = await this.dpopKey();
    const started = await this.oauth.createAuthorizationRequestUrl({
      authorizationServerMetadata,
      clientId: this.clientId,
      redirectUri: request.redirectUri,
      ...(request.scope ? { scope: request.scope } : {}),
      ...(request.state ? { state: request.state } : {}),
      dpop,
      additionalRequestPayload: {
        ...(request.issuerState ? { issuer_state: request.issuerState } : {}),
        ...(request.authorizationDetails ? { authorization_details: request.authorizationDetails } : {}),
      },
    });
    return {
      authorizationRequestUrl: started.authorizationRequestUrl,
      codeVerifier: started.pkce!.codeVerifier,
      dpop: started.dpop ?? dpop,
    };
  }

  /** The code from the wallet's redirect, after checking `iss` (RFC 9207). Throws on an error response. */
  async codeFrom(credentialIssuer: string, redirectUrl: string): Promise<string> {
    const { authorizationServerMetadata } = await this.metadata(credentialIssuer);
    const response = this.vci.parseAndVerifyAuthorizationResponseRedirectUrl({ url: redirectUrl, authorizationServerMetadata });
    if (!response.code) throw new Error(`authorization error ${response.error}: ${String(response.error_description)}`);
    return response.code;
  }

  async token(credentialIssuer: string, started: StartedAuthorization, code: string, redirectUri: string) {
    const { authorizationServerMetadata } = await this.metadata(credentialIssuer);
    return this.oauth.retrieveAuthorizationCodeAccessToken({
      authorizationServerMetadata,
      authorizationCode: code,
      pkceCodeVerifier: started.codeVerifier,
      redirectUri,
      dpop: started.dpop,
    });
  }

  /** One credential with a fresh nonce and holder key, the access token presented with DPoP. */
  async credential(
    credentialIssuer: string,
    accessToken: string,
    dpop: RequestDpopOptions,
    credentialConfigurationId: string,
    credentialIdentifier?: string,
  ): Promise<{ credential: string; holder: WalletKey }> {
    const { issuerMetadata } = await this.metadata(credentialIssuer);
    const holder = await this.addKey(await newWalletKey());
    const { c_nonce } = await this.vci.requestNonce({ issuerMetadata });
    const { jwt } = await this.vci.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId,
      nonce: c_nonce,
      issuedAt: new Date(),
      signer: { method: 'jwk', alg: 'ES256', publicJwk: holder.publicJwk as never },
    });
    const { credentialResponse } = await this.vci.retrieveCredentials({
      issuerMetadata,
      credentialConfigurationId,
      proofs: { jwt: [jwt] },
      accessToken,
      dpop,
      ...(credentialIdentifier ? { additionalRequestPayload: { credential_identifier: credentialIdentifier } } : {}),
    });
    const credential = (credentialResponse.credentials?.[0] as { credential: string } | undefined)?.credential;
    if (!credential) throw new Error(`no credential in ${JSON.stringify(credentialResponse)}`);
    return { credential, holder };
  }
}
