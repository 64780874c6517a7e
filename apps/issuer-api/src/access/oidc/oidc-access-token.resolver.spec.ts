import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { AppError } from '@issuer/platform';
import type { IssuerApiConfig } from '../../issuer-api.config';
import type { AdminIdentityProvider } from './admin-identity-provider';
import { identityProviderUnavailable } from './admin-identity-provider';
import type { AdminOidcSettings } from './admin-oidc.settings';
import { OidcAccessTokenResolver } from './oidc-access-token.resolver';

const SETTINGS: AdminOidcSettings = {
  issuer: 'https://keycloak.example/realms/acme',
  audience: 'issuer-admin-api',
  rolesClaim: ['realm_access', 'roles'],
  issuersClaim: ['issuers'],
};
const now = () => Math.floor(Date.now() / 1000);

describe('OIDC access token resolver (admin single sign-on)', () => {
  let key: CryptoKey;
  let keys: JWTVerifyGetKey;
  let fetches = 0;
  let unavailable = false;
  const provider = {
    keys: async () => {
      fetches++;
      if (unavailable) throw identityProviderUnavailable();
      return keys;
    },
  } as unknown as AdminIdentityProvider;
  const resolver = new OidcAccessTokenResolver({ adminOidc: SETTINGS } as IssuerApiConfig, provider);

  before(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] });
  });

  /** A token of the provider (signed with its key) with these claims over good ones. */
  const token = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, signingKey: CryptoKey | Uint8Array = key) =>
    new SignJWT({
      iss: SETTINGS.issuer,
      aud: ['account', SETTINGS.audience],
      sub: 'user-1',
      exp: now() + 300,
      iat: now(),
      typ: 'Bearer',
      realm_access: { roles: ['viewer', 'default-roles-acme'] },
      issuers: ['acme'],
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT', ...header })
      .sign(signingKey);

  async function refusal(bearer: string): Promise<string> {
    const error = await resolver.resolve(bearer).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AppError, String(error));
    return `${error.status} ${error.message}`;
  }

  it('turns a valid token into an oidc principal named by its sub', async () => {
    const exp = now() + 300;
    assert.deepEqual(await resolver.resolve(await token({ exp })), {
      type: 'oidc',
      id: 'user-1',
      roles: ['viewer'],
      issuers: ['acme'],
      expiresAt: new Date(exp * 1000),
    });
    assert.ok(await resolver.resolve(await token({ aud: SETTINGS.audience }, { typ: 'at+jwt' })), 'a single aud, RFC 9068 typ');
  });

  it('leaves what is not a JWT of this provider to the other resolvers, without asking the provider', async () => {
    fetches = 0;
    assert.equal(await resolver.resolve('isk_0123456789abcdef0123456789abcdef0123456789a'), undefined);
    assert.equal(await resolver.resolve('adm_0123456789abcdef'), undefined);
    assert.equal(await resolver.resolve('a.b.c'), undefined);
    assert.equal(await resolver.resolve(await token({ iss: 'https://other.example' })), undefined);
    assert.equal(fetches, 0);
    const off = new OidcAccessTokenResolver({} as IssuerApiConfig, provider);
    assert.equal(await off.resolve(await token()), undefined, 'single sign-on off');
  });

  it('refuses with 401: wrong audience, expired, not yet valid, tampered, signed by another key, HMAC', async () => {
    assert.match(await refusal(await token({ aud: 'account' })), /^401 The access token is not valid: .*aud/);
    assert.match(await refusal(await token({ exp: now() - 120 })), /^401 The access token is not valid: .*exp/);
    assert.match(await refusal(await token({ nbf: now() + 120 })), /^401 The access token is not valid: .*nbf/);
    const [header, , signature] = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: SETTINGS.issuer, aud: SETTINGS.audience, sub: 'root', exp: now() + 300 })).toString(
      'base64url',
    );
    assert.match(await refusal(`${header}.${forged}.${signature}`), /^401 The access token is not valid: signature verification failed/);
    const other = (await generateKeyPair('ES256')).privateKey;
    assert.match(await refusal(await token({}, {}, other)), /^401 .*signature verification failed/);
    const secret = new TextEncoder().encode('a shared secret of thirty-two bytes!');
    assert.match(await refusal(await token({}, { alg: 'HS256' }, secret)), /^401 The access token is not valid: .*alg/);
    assert.match(await refusal(await token({}, { kid: 'unknown' })), /^401 The access token is not valid: no applicable key/);
    assert.match(await refusal(await token({ exp: undefined })), /^401 .*exp/);
  });

  it('tolerates a small clock skew on exp and nbf', async () => {
    assert.ok(await resolver.resolve(await token({ exp: now() - 5, nbf: now() + 5 })));
  });

  it('refuses other kinds of tokens of the same provider: another header typ, a Keycloak ID or refresh token', async () => {
    assert.match(await refusal(await token({}, { typ: 'logout+jwt' })), /^401 .*type logout\+jwt is no access token/);
    assert.match(await refusal(await token({ typ: 'ID' })), /^401 .*kind ID is no access token/);
    assert.ok(await resolver.resolve(await token({ typ: undefined }, { typ: undefined })), 'typ is optional');
  });

  it('answers 403 for a valid token without platform roles', async () => {
    assert.match(await refusal(await token({ realm_access: { roles: ['offline_access'] } })), /^403 .*none of the platform roles/);
  });

  it('passes the 503 of an unreachable provider on', async () => {
    unavailable = true;
    try {
      const error = await resolver.resolve(await token()).catch((e: unknown) => e);
      assert.ok(error instanceof AppError);
      assert.equal(error.status, 503);
    } finally {
      unavailable = false;
    }
  });
});
