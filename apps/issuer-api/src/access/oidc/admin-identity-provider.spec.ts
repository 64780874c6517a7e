import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { AppError, OutboundGuard, parseOutboundAllowList, type Logger } from '@issuer/platform';
import { AdminIdentityProvider } from './admin-identity-provider';
import type { AdminOidcSettings } from './admin-oidc.settings';

const quiet = { warn: () => undefined } as unknown as Logger;

/** A provider on 127.0.0.1 whose discovery and JWKS answers the test sets, counting the requests. */
describe('AdminIdentityProvider (discovery and keys of the admin SSO provider)', () => {
  let server: Server;
  let issuer: string;
  let signingKey: CryptoKey;
  let jwks: Record<string, unknown>;
  const answers = { discovery: 200, jwks: 200, discoveredIssuer: '' };
  const requests = { discovery: 0, jwks: 0 };
  const settings = (): AdminOidcSettings => ({ issuer, audience: 'admin', rolesClaim: ['roles'], issuersClaim: ['issuers'] });
  const guarded = () => new AdminIdentityProvider(new OutboundGuard(parseOutboundAllowList('127.0.0.1')), quiet);

  before(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/realms/acme/.well-known/openid-configuration') {
        requests.discovery++;
        res.writeHead(answers.discovery, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: answers.discoveredIssuer || issuer, jwks_uri: `${issuer}/certs` }));
      } else if (path === '/realms/acme/certs') {
        requests.jwks++;
        res.writeHead(answers.jwks, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}/realms/acme`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    Object.assign(answers, { discovery: 200, jwks: 200, discoveredIssuer: '' });
    Object.assign(requests, { discovery: 0, jwks: 0 });
  });

  const token = (kid = 'k1') => new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'RS256', kid }).sign(signingKey);

  async function status503(promise: Promise<unknown>): Promise<void> {
    const error = await promise.then(
      () => assert.fail('no error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AppError && error.status === 503, String(error));
  }

  it('discovers jwks_uri once, shared by concurrent requests, and verifies with the published keys', async () => {
    const provider = guarded();
    const [keys, again] = await Promise.all([provider.keys(settings()), provider.keys(settings())]);
    assert.equal(keys, again);
    assert.equal((await jwtVerify(await token(), keys)).payload.sub, 'u');
    await jwtVerify(await token(), await provider.keys(settings()));
    assert.deepEqual(requests, { discovery: 1, jwks: 1 });
  });

  it('answers 503 when discovery fails, and does not cache the failure', async () => {
    const provider = guarded();
    answers.discovery = 502;
    await status503(provider.keys(settings()));
    answers.discovery = 200;
    assert.ok(await provider.keys(settings()));
    assert.equal(requests.discovery, 2);
  });

  it('answers 503 for a discovery document of another issuer (it could pass off another provider’s keys)', async () => {
    answers.discoveredIssuer = 'https://evil.example/realms/acme';
    await status503(guarded().keys(settings()));
  });

  it('answers 503 when the keys cannot be fetched, and 401-material (jose’s own error) for a kid the provider lacks', async () => {
    const keys = await guarded().keys(settings());
    answers.jwks = 500;
    await status503(jwtVerify(await token(), keys));
    answers.jwks = 200;
    await jwtVerify(await token(), keys);
    await assert.rejects(jwtVerify(await token('unknown'), keys), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('refuses http toward a host that is not in OUTBOUND_ALLOWED_HOSTS (503, nothing sent)', async () => {
    const strict = new AdminIdentityProvider(new OutboundGuard(parseOutboundAllowList(undefined)), quiet);
    await status503(strict.keys(settings()));
    assert.equal(requests.discovery, 0);
  });
});
