import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify, SignJWT, type JWK } from 'jose';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import type { WalletKey } from './haip-wallet';
import { rawAnswerOf, type RawAnswer } from './wallet-test-helpers';

/** A key the wallet signs with (a HAIP wallet key or a pre-authorized TestWallet holder key). */
export type PresenterKey = Omit<WalletKey, 'alg'> & { alg: string };

/** A request object the issuer sent for an ID token or VP token login, its signature checked. */
export interface PresentationRequest {
  payload: Record<string, any>;
  jwt: string;
}

/** A did:jwk for a wallet key (the wallet side's own encoding: base64url of the public JWK's JSON). */
export function didJwkOf(key: PresenterKey): string {
  return `did:jwk:${Buffer.from(JSON.stringify(key.publicJwk)).toString('base64url')}`;
}

/**
 * The wallet's side of an ID token (SIOPv2) or VP token (OpenID4VP 1.0) login, independent of the issuer's code:
 * the request object is fetched by reference and checked with `jose` against the issuer's JWKS; ID tokens are
 * signed with `jose`; SD-JWT VC presentations with key binding come from `@sd-jwt/sd-jwt-vc`; the `vp_token`
 * response is built and posted by `@openid4vc/openid4vp`. Raw helpers post what a library would refuse to send.
 */
export class PresentationWallet {
  private readonly vp = new Openid4vpClient({
    callbacks: {
      fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init),
      hash: (data: Uint8Array, alg: string) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
      generateRandom: (bytes: number) => randomBytes(bytes),
    } as never,
  });

  /** The request the issuer's redirect (to the wallet's redirect URI) names by `client_id` + `request_uri`. */
  async request(redirectUrl: string, jwksUrl: string): Promise<PresentationRequest> {
    const url = new URL(redirectUrl);
    const clientId = url.searchParams.get('client_id');
    const requestUri = url.searchParams.get('request_uri');
    if (!clientId || !requestUri) throw new Error(`no client_id / request_uri in ${redirectUrl}`);
    const answer = await fetch(requestUri);
    if (answer.status !== 200) throw new Error(`request_uri answered ${answer.status}: ${await answer.text()}`);
    if (!answer.headers.get('content-type')?.startsWith('application/oauth-authz-req+jwt'))
      throw new Error(`request object content type ${answer.headers.get('content-type')}`);
    const jwt = await answer.text();
    const jwks = (await (await fetch(jwksUrl)).json()) as { keys: JWK[] };
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { typ: 'oauth-authz-req+jwt' });
    if (payload['client_id'] !== clientId) throw new Error('the request object is for another client_id');
    return { payload: payload as Record<string, any>, jwt };
  }

  /** A self-issued ID token (SIOPv2 §11) of a did:jwk subject, or a JWK thumbprint subject with `sub_jwk`. */
  async idToken(
    request: PresentationRequest,
    holder: PresenterKey,
    options: { subject?: 'did:jwk' | 'jwk-thumbprint'; claims?: Record<string, unknown>; change?: Record<string, unknown> } = {},
  ): Promise<string> {
    const did = options.subject !== 'jwk-thumbprint';
    const sub = did ? didJwkOf(holder) : await calculateJwkThumbprint(holder.publicJwk, 'sha256');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: sub,
      sub,
      aud: request.payload['client_id'],
      nonce: request.payload['nonce'],
      iat: now,
      exp: now + 300,
      ...(did ? {} : { sub_jwk: holder.publicJwk }),
      ...options.claims,
      ...options.change,
    })
      .setProtectedHeader({ alg: holder.alg, typ: 'JWT', ...(did ? { kid: `${sub}#0` } : {}) })
      .sign(holder.privateKey);
  }

  /** An SD-JWT VC presentation disclosing `frame`, with a KB-JWT over the request's nonce and client_id. */
  async sdJwtPresentation(
    credential: string,
    holder: PresenterKey,
    frame: Record<string, unknown>,
    binding: { nonce: string; aud: string },
  ): Promise<string> {
    const sdjwt = new SDJwtVcInstance({
      hasher: (data: string | ArrayBuffer) =>
        createHash('sha256')
          .update(typeof data === 'string' ? data : Buffer.from(data))
          .digest(),
      kbSignAlg: holder.alg,
      kbSigner: async (data: string) => {
        const jws = await new SignJWT(JSON.parse(Buffer.from(data.split('.')[1]!, 'base64url').toString()))
          .setProtectedHeader(JSON.parse(Buffer.from(data.split('.')[0]!, 'base64url').toString()))
          .sign(holder.privateKey);
        return jws.split('.')[2]!;
      },
    });
    return sdjwt.present(credential, frame as never, {
      kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: binding.aud, nonce: binding.nonce } },
    });
  }

  /** Sends `vp_token` as `@openid4vc/openid4vp` builds and posts an OpenID4VP 1.0 `direct_post` response. */
  async submitVpToken(request: PresentationRequest, vpToken: Record<string, string[]>): Promise<RawAnswer> {
    const response = await this.vp.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: request.payload as never,
      authorizationResponsePayload: { vp_token: vpToken } as never,
    });
    const submitted = await this.vp.submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: request.payload as never,
      authorizationResponsePayload: response.authorizationResponsePayload,
    });
    return rawAnswerOf(submitted.response);
  }

  /** Posts form fields to the request's `response_uri` (with its `state` unless given). */
  async post(request: PresentationRequest, fields: Record<string, string>): Promise<RawAnswer> {
    const body = new URLSearchParams({ state: request.payload['state'], ...fields });
    return rawAnswerOf(
      await fetch(request.payload['response_uri'], {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
    );
  }
}
