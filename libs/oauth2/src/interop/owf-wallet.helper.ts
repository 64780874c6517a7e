// Test-only: callbacks for the independent wallet library `@openid4vc/oauth2` 0.4.6 (OWF oid4vc-ts), signing with
// jose-generated keys, and a fetch that hands every request to an in-memory server instead of the network.
import { calculateJwkThumbprint } from 'jose';
import { clientAuthenticationAnonymous, type CallbackContext, type JwtSigner } from '@openid4vc/oauth2';
import { newKey, random, sha256, signJwt, type TestKey } from '../test-support/crypto.helper';

export type WalletCallbacks = Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'>;

/** A captured request as the server sees it: lower-case header names, the form body decoded. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: URLSearchParams;
}

export type FakeServer = (request: CapturedRequest) => Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;

/** Keys the wallet can sign with, found by the JWK thumbprint (jwk signers) or the leaf certificate (x5c signers). */
export class WalletKeys {
  private readonly byThumbprint = new Map<string, TestKey>();
  private readonly byCertificate = new Map<string, TestKey>();

  async create(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<TestKey> {
    return this.add(await newKey(alg));
  }

  async add(key: TestKey, leafCertificate?: string): Promise<TestKey> {
    this.byThumbprint.set(await calculateJwkThumbprint(key.publicJwk), key);
    if (leafCertificate) this.byCertificate.set(leafCertificate, key);
    return key;
  }

  async find(signer: JwtSigner): Promise<TestKey> {
    const key =
      signer.method === 'jwk'
        ? this.byThumbprint.get(await calculateJwkThumbprint(signer.publicJwk as never))
        : signer.method === 'x5c'
          ? this.byCertificate.get(signer.x5c[0] as string)
          : undefined;
    if (!key) throw new Error(`no wallet key for signer method ${signer.method}`);
    return key;
  }
}

/** Wallet callbacks; `server` answers every fetch. Requests are recorded in `log`. */
export function walletCallbacks(keys: WalletKeys, server: FakeServer, log: CapturedRequest[] = []): WalletCallbacks {
  return {
    hash: (data) => sha256(data, 'sha-256'),
    generateRandom: (n) => random(n),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (signer, { header, payload }) => {
      const key = await keys.find(signer);
      return { jwt: await signJwt(key, header, payload), signerJwk: key.publicJwk as never };
    },
    fetch: async (input, init) => {
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
      const request: CapturedRequest = {
        method: init?.method ?? 'GET',
        url: String(input instanceof Request ? input.url : input),
        headers,
        body: new URLSearchParams(typeof init?.body === 'string' ? init.body : ''),
      };
      log.push(request);
      const response = await server(request);
      return new Response(JSON.stringify(response.body), {
        status: response.status,
        headers: { 'content-type': 'application/json', ...response.headers },
      });
    },
  };
}
