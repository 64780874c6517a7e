import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, EmbeddedJWK, importJWK, jwtVerify, type JWK } from 'jose';
import { freePort } from './free-port';
import { HaipWallet, newWalletKey, type WalletKey } from './haip-wallet';
import { oauthErrorOf, pkceChallenge } from './wallet-test-helpers';

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A tiny stand-in issuer that checks what the wallet driver sends (not an authorization server: it answers each
 * endpoint with what the next step needs, and verifies DPoP, attestation and PKCE with jose).
 */
async function startStandIn(attester: WalletKey) {
  const port = await freePort();
  const ci = `http://127.0.0.1:${port}/issuers/x`;
  const seen: Seen[] = [];
  const state: { challenge?: string; jkt?: string; accessToken?: string } = {};
  const dpopOf = async (header: string | string[] | undefined, htm: string, htu: string) => {
    const { payload, protectedHeader } = await jwtVerify(String(header), EmbeddedJWK, { typ: 'dpop+jwt' });
    assert.equal(payload.htm, htm);
    assert.equal(payload.htu, htu);
    assert.ok(typeof payload.jti === 'string' && typeof payload.iat === 'number');
    return { payload, jkt: await calculateJwkThumbprint(protectedHeader.jwk as JWK) };
  };
  const attestationOf = async (headers: Seen['headers']) => {
    const { payload } = await jwtVerify(String(headers['oauth-client-attestation']), await importJWK(attester.publicJwk, 'ES256'), {
      typ: 'oauth-client-attestation+jwt',
    });
    const cnf = (payload.cnf as { jwk: JWK }).jwk;
    const pop = await jwtVerify(String(headers['oauth-client-attestation-pop']), await importJWK(cnf, 'ES256'), {
      typ: 'oauth-client-attestation-pop+jwt',
      audience: ci,
    });
    return { sub: payload.sub, popIss: pop.payload.iss };
  };
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const path = new URL(req.url ?? '/', ci).pathname;
    seen.push({ method: req.method ?? '', path, headers: req.headers, body });
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(json));
    try {
      const form = new URLSearchParams(body);
      if (path.includes('/.well-known/openid-credential-issuer'))
        return send(200, {
          credential_issuer: ci,
          credential_endpoint: `${ci}/credential`,
          nonce_endpoint: `${ci}/nonce`,
          credential_configurations_supported: {
            pid: {
              format: 'dc+sd-jwt',
              vct: 'urn:pid',
              scope: 'pid',
              proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
            },
          },
        });
      if (path.includes('/.well-known/oauth-authorization-server'))
        return send(200, {
          issuer: ci,
          authorization_endpoint: `${ci}/authorize`,
          token_endpoint: `${ci}/token`,
          pushed_authorization_request_endpoint: `${ci}/par`,
          require_pushed_authorization_requests: true,
          code_challenge_methods_supported: ['S256'],
          response_types_supported: ['code'],
          dpop_signing_alg_values_supported: ['ES256'],
          token_endpoint_auth_methods_supported: ['attest_jwt_client_auth'],
          authorization_response_iss_parameter_supported: true,
        });
      if (path === '/issuers/x/par') {
        state.jkt = (await dpopOf(req.headers.dpop, 'POST', `${ci}/par`)).jkt;
        const attested = await attestationOf(req.headers);
        assert.equal(attested.sub, form.get('client_id'));
        assert.equal(form.get('code_challenge_method'), 'S256');
        state.challenge = form.get('code_challenge') ?? undefined;
        return send(201, { request_uri: 'urn:ietf:params:oauth:request_uri:abc', expires_in: 60 });
      }
      if (path === '/issuers/x/token') {
        const { jkt } = await dpopOf(req.headers.dpop, 'POST', `${ci}/token`);
        await attestationOf(req.headers);
        if (jkt !== state.jkt) return send(400, { error: 'invalid_dpop_proof' });
        if (form.get('code') !== 'the-code') return send(400, { error: 'invalid_grant' });
        if (pkceChallenge(form.get('code_verifier') ?? '') !== state.challenge) return send(400, { error: 'invalid_grant' });
        if (form.get('redirect_uri') !== 'https://wallet.example/cb') return send(400, { error: 'invalid_grant' });
        state.accessToken = `at-${Date.now()}`;
        return send(200, { access_token: state.accessToken, token_type: 'DPoP', expires_in: 600 });
      }
      if (path === '/issuers/x/nonce') return send(200, { c_nonce: 'n-1' });
      if (path === '/issuers/x/credential') {
        const { payload, jkt } = await dpopOf(req.headers.dpop, 'POST', `${ci}/credential`);
        assert.equal(jkt, state.jkt);
        assert.equal(req.headers.authorization, `DPoP ${state.accessToken}`);
        assert.equal(payload.ath, createHash('sha256').update(String(state.accessToken)).digest('base64url'));
        const request = JSON.parse(body) as { proofs: { jwt: string[] } };
        const proof = request.proofs.jwt[0]!;
        assert.equal(decodeProtectedHeader(proof).typ, 'openid4vci-proof+jwt');
        assert.equal(decodeJwt(proof).nonce, 'n-1');
        return send(200, { credentials: [{ credential: 'issued~' }] });
      }
      send(404, { error: 'invalid_request' });
    } catch (error) {
      send(400, { error: 'invalid_request', error_description: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { ci, seen, server };
}

describe('HaipWallet against a stand-in issuer', () => {
  let attester: WalletKey;
  let standIn: Awaited<ReturnType<typeof startStandIn>>;

  before(async () => {
    attester = await newWalletKey();
    standIn = await startStandIn(attester);
  });
  after(() => new Promise<void>((resolve) => standIn.server.close(() => resolve())));

  it('sends PAR with PKCE, DPoP and attestation; token and credential requests with the same DPoP key', async () => {
    const { ci, seen } = standIn;
    const wallet = await HaipWallet.create({ attester });
    const start = await wallet.par({ credentialIssuer: ci, issuerState: 'offer-state', scope: 'pid', state: 'st' });
    const url = new URL(wallet.authorizationUrl(start));
    assert.equal(url.origin + url.pathname, `${ci}/authorize`);
    assert.deepEqual([...url.searchParams.keys()].sort(), ['client_id', 'request_uri']);
    assert.equal(start.requestUri, 'urn:ietf:params:oauth:request_uri:abc');
    const par = new URLSearchParams(seen.find((s) => s.path.endsWith('/par'))!.body);
    assert.equal(par.get('issuer_state'), 'offer-state');
    assert.equal(par.get('state'), 'st');
    assert.equal(par.get('redirect_uri'), 'https://wallet.example/cb');

    await assert.rejects(
      wallet.codeFrom(start, `https://wallet.example/cb?code=the-code&state=st&iss=${encodeURIComponent('https://other.example')}`),
    );
    await assert.rejects(
      wallet.codeFrom(start, `https://wallet.example/cb?code=the-code&state=other&iss=${encodeURIComponent(ci)}`),
      /state/,
    );
    const code = await wallet.codeFrom(start, `https://wallet.example/cb?code=the-code&state=st&iss=${encodeURIComponent(ci)}`);
    const { accessTokenResponse, dpop } = await wallet.token(start, code);
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    const token = new URLSearchParams(seen.find((s) => s.path.endsWith('/token'))!.body);
    assert.equal(token.get('grant_type'), 'authorization_code');
    assert.equal(token.get('code_verifier'), start.codeVerifier);
    const { credential } = await wallet.credential(ci, accessTokenResponse.access_token, { credentialConfigurationId: 'pid', dpop });
    assert.equal(credential, 'issued~');

    // Tampered steps reach the server and come back as OAuth errors.
    await assert.rejects(wallet.token(start, code, { codeVerifier: 'x'.repeat(43) }), (e) => oauthErrorOf(e) === 'invalid_grant');
    await assert.rejects(wallet.token(start, code, { dpop: await wallet.newDpop() }), (e) => oauthErrorOf(e) === 'invalid_dpop_proof');
  });

  it('builds DPoP proofs and attestation headers by hand that verify, with overrides', async () => {
    const { ci } = standIn;
    const wallet = await HaipWallet.create({ attester });
    const key = await wallet.newKey();
    const proof = await wallet.dpopProof({ key, htm: 'POST', htu: `${ci}/credential`, accessToken: 'at', payload: { jti: 'fixed' } });
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' });
    assert.equal(payload.jti, 'fixed');
    assert.equal(payload.ath, createHash('sha256').update('at').digest('base64url'));
    assert.equal((protectedHeader.jwk as JWK).d, undefined);
    const headers = await wallet.attestationHeaders(ci);
    const answer = await wallet.rawForm(
      ci,
      '/par',
      { client_id: wallet.clientId, code_challenge_method: 'S256', code_challenge: 'c' },
      {
        ...headers,
        dpop: await wallet.dpopProof({ key, htm: 'POST', htu: `${ci}/par` }),
      },
    );
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
  });
});
