import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JWK } from 'jose';
import { newWalletKey, PresentationWallet, TestIdentityProvider, type PresenterKey } from '@issuer/testing';
import { formPairs, type JwtSlot } from './draft';
import { WALLET_REDIRECT, type LiveResources } from './live-resources';

const PROVIDER = 'fuzz-idp';
const ACCOUNT = 'fuzz-subject';

/**
 * The logins whose valid requests come from outside the issuer: a wallet answering a request object itself (an
 * `ID_TOKEN` profile of the main issuer: SIOPv2 self-issued ID token of a did:jwk, signed with `jose` through
 * `PresentationWallet`) and an external OpenID provider (`TestIdentityProvider`, oidc-provider on 127.0.0.1, for an
 * `EXTERNAL_IDP` profile of an issuer of its own). A `direct_post` and a provider's callback are single-use, so each
 * valid one comes from a fresh offer → PAR → `/authorize` flow. The provider runs in this process: a platform that
 * may not or cannot call 127.0.0.1 gets no callbacks, and `idpUnavailable` says why.
 */
export class LiveLogins {
  idTokenProfile = '';
  idpIssuer = '';
  idpProfile = '';
  /** Why `/idp-callback` is not fuzzed against this platform (it cannot use the provider), when it is not. */
  idpUnavailable?: string;
  private idp?: TestIdentityProvider;
  private readonly presenter = new PresentationWallet();
  private readonly holders: PresenterKey[] = [];

  constructor(private readonly live: LiveResources) {}

  async setup(): Promise<void> {
    const live = this.live;
    for (let i = 0; i < 2; i++) this.holders.push(await newWalletKey());
    this.idTokenProfile = (
      await live.call(
        'POST',
        `/api/v1/issuers/${live.mainIssuer}/profiles`,
        live.profileBody(live.mainKey, { name: 'Fuzz wallet login', authentication: { method: 'ID_TOKEN' } }),
      )
    ).json.profileId;
    try {
      await this.setupProvider();
      await this.idpCallback(); // a probe: the platform reached the provider and the login came back
    } catch (error) {
      this.idpUnavailable = (error as Error).message;
      await this.dispose();
    }
  }

  async dispose(): Promise<void> {
    await this.idp?.stop();
    this.idp = undefined;
  }

  /** The provider, its client registration for an issuer of its own, and that issuer's EXTERNAL_IDP profile. */
  private async setupProvider(): Promise<void> {
    const live = this.live;
    this.idpIssuer = live.unique('fzi');
    const client = {
      clientId: 'fuzz-issuer',
      clientSecret: randomBytes(24).toString('base64url'),
      redirectUris: [`${live.publicUrl}/issuers/${this.idpIssuer}/idp-callback`],
    };
    this.idp = await TestIdentityProvider.start({
      clients: [client],
      accounts: { [ACCOUNT]: { given_name: 'Fuzz', family_name: 'Provider', email: 'fuzz@example.com' } },
    });
    const issuer = await live.attempt('POST', '/api/v1/issuers', {
      ...live.issuerBody(this.idpIssuer, live.mainKey),
      authorization: {
        redirectUris: [WALLET_REDIRECT],
        identityProviders: {
          [PROVIDER]: {
            issuer: this.idp.issuer,
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            scopes: ['openid', 'profile'],
          },
        },
      },
    });
    if (issuer.status !== 201)
      throw new Error(
        `the platform refused the provider ${this.idp.issuer} (${issuer.status} ${JSON.stringify(issuer.json?.errors ?? issuer.json).slice(0, 300)}); ` +
          'it must allow 127.0.0.1 in OUTBOUND_ALLOWED_HOSTS',
      );
    this.idpProfile = (
      await live.call(
        'POST',
        `/api/v1/issuers/${this.idpIssuer}/profiles`,
        live.profileBody(live.mainKey, {
          name: 'Fuzz provider login',
          authentication: { method: 'EXTERNAL_IDP', identityProvider: PROVIDER },
          idTokenClaimsMapping: { '$.given_name': '$.given_name', '$.family_name': '$.family_name' },
        }),
      )
    ).json.profileId;
  }

  /**
   * A fresh login at the provider, followed like a browser (`followLogin`) to its redirect back to the issuer: the
   * path and query (code, state, iss) of `/idp-callback` on this platform, not yet sent.
   */
  async idpCallback(): Promise<string> {
    const idp = this.idp;
    if (!idp) throw new Error(`no identity provider: ${this.idpUnavailable ?? 'not started'}`);
    const live = this.live;
    const atProvider = await live.location(await live.authorizeTarget(false, this.idpProfile, this.idpIssuer));
    if (!atProvider.href.startsWith(`${idp.issuer}/`))
      throw new Error(
        `the platform could not start a login at the provider ${idp.issuer}: /authorize sent ${atProvider.href.slice(0, 300)}`,
      );
    const callback = `${live.publicUrl}/issuers/${this.idpIssuer}/idp-callback?`;
    const back = new URL(await idp.followLogin(atProvider.href, { account: ACCOUNT, stopAt: callback }));
    return `/issuers/${this.idpIssuer}/idp-callback${back.search}`;
  }

  /** A fresh ID token login waiting for the wallet: the path of its request object (`/request/{requestId}`). */
  async pendingRequest(): Promise<string> {
    const live = this.live;
    const toWallet = await live.location(await live.authorizeTarget(false, this.idTokenProfile));
    const requestUri = toWallet.searchParams.get('request_uri');
    if (!requestUri) throw new Error(`/authorize sent the wallet no request_uri: ${toWallet.href.slice(0, 300)}`);
    const uri = new URL(requestUri);
    return `${uri.pathname}${uri.search}`;
  }

  /**
   * The wallet's valid answer to a fresh request object (fetched, its signature checked against the issuer's JWKS): a
   * self-issued ID token of the holder's did:jwk with the request's nonce, form pairs with the request's `state`, and
   * the slot that lets mutators re-sign the ID token.
   */
  async walletResponse(holderIndex: number): Promise<{ form: [string, string][]; slot: JwtSlot }> {
    const live = this.live;
    const jwt = await live.text(await this.pendingRequest(), 'application/oauth-authz-req+jwt');
    const jwks = (await live.call('GET', `/issuers/${live.mainIssuer}/jwks`)).json as { keys: JWK[] };
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { typ: 'oauth-authz-req+jwt' });
    const holder = this.holders[holderIndex % this.holders.length];
    const other = this.holders[(holderIndex + 1) % this.holders.length];
    const idToken = await this.presenter.idToken({ jwt, payload: payload as Record<string, any> }, holder);
    const sign = (key: PresenterKey) => (h: Record<string, unknown>, p: Record<string, unknown>) =>
      new SignJWT(p).setProtectedHeader({ alg: key.alg, ...h }).sign(key.privateKey);
    const slot: JwtSlot = {
      at: ['id_token'],
      header: decodeProtectedHeader(idToken) as Record<string, unknown>,
      payload: decodeJwt(idToken) as Record<string, unknown>,
      sign: sign(holder),
      signWithOtherKey: sign(other),
    };
    return { form: formPairs({ state: String(payload['state']), id_token: idToken }), slot };
  }
}
