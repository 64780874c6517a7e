import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { clientAuthenticationAnonymous, setGlobalConfig, type CallbackContext } from '@openid4vc/oauth2';
import { Openid4vciClient } from '@openid4vc/openid4vci';

export interface HolderKey {
  alg: 'ES256' | 'EdDSA';
  publicJwk: JWK;
  privateKey: CryptoKey;
}

export interface WalletFlowResult {
  credentialIssuer: string;
  originalDraftVersion: string;
  accessToken: string;
  credentials: string[];
  holderKeys: HolderKey[];
}

/**
 * A wallet built on the independent OWF library `@openid4vc/openid4vci` (not on our code): it resolves
 * the offer and metadata, redeems the pre-authorized code, fetches a nonce, signs proofs with its own
 * holder keys and retrieves the credentials.
 */
export class TestWallet {
  private readonly keys = new Map<string, HolderKey>();
  readonly client: Openid4vciClient;

  /** `fetch`: what the library sends its requests with (e.g. one that records them); default the global one. */
  constructor(options: { fetch?: typeof fetch } = {}) {
    // Tests talk to 127.0.0.1 over http; the library refuses http unless told otherwise.
    setGlobalConfig({ allowInsecureUrls: true });
    this.client = new Openid4vciClient({ callbacks: { ...this.callbacks(), ...(options.fetch ? { fetch: options.fetch } : {}) } });
  }

  async newHolderKey(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<HolderKey> {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    const key = { alg, publicJwk: await exportJWK(publicKey), privateKey };
    this.keys.set(await calculateJwkThumbprint(key.publicJwk), key);
    return key;
  }

  /** Runs the whole pre-authorized code flow; `proofCount` > 1 requests a batch. */
  async preAuthorizedFlow(
    offerUri: string,
    options: { txCode?: string; proofCount?: number; alg?: 'ES256' | 'EdDSA' } = {},
  ): Promise<WalletFlowResult> {
    const offer = await this.client.resolveCredentialOffer(offerUri);
    const issuerMetadata = await this.client.resolveIssuerMetadata(offer.credential_issuer);
    const { accessTokenResponse } = await this.client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer,
      issuerMetadata,
      txCode: options.txCode,
    });
    const credentialConfigurationId = offer.credential_configuration_ids[0];
    const { c_nonce } = await this.client.requestNonce({ issuerMetadata });
    const holderKeys: HolderKey[] = [];
    const jwts: string[] = [];
    for (let i = 0; i < (options.proofCount ?? 1); i++) {
      const key = await this.newHolderKey(options.alg ?? 'ES256');
      holderKeys.push(key);
      const { jwt } = await this.client.createCredentialRequestJwtProof({
        issuerMetadata,
        credentialConfigurationId,
        nonce: c_nonce,
        issuedAt: new Date(),
        signer: { method: 'jwk', alg: key.alg, publicJwk: key.publicJwk as never },
      });
      jwts.push(jwt);
    }
    const { credentialResponse } = await this.client.retrieveCredentials({
      issuerMetadata,
      credentialConfigurationId,
      proofs: { jwt: jwts },
      accessToken: accessTokenResponse.access_token,
    });
    const credentials = (credentialResponse.credentials ?? []).map((c) => (c as { credential: string }).credential);
    return {
      credentialIssuer: offer.credential_issuer,
      originalDraftVersion: String(issuerMetadata.originalDraftVersion),
      accessToken: accessTokenResponse.access_token,
      credentials,
      holderKeys,
    };
  }

  private callbacks(): Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'> {
    return {
      hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
      generateRandom: (length) => randomBytes(length),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt: async (signer, { header, payload }) => {
        const publicJwk = (signer as { publicJwk: JWK }).publicJwk;
        const key = this.keys.get(await calculateJwkThumbprint(publicJwk));
        if (!key) throw new Error('unknown holder key');
        const jwt = await new SignJWT(payload as never).setProtectedHeader(header as never).sign(key.privateKey);
        return { jwt, signerJwk: publicJwk as never };
      },
    };
  }
}

/** Signs a proof JWT by hand (for negative tests the wallet library would refuse to build). */
export async function signProof(key: HolderKey, header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, ...header }).sign(key.privateKey);
}
