import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  createOpenid4vpAuthorizationResponse,
  resolveOpenid4vpAuthorizationRequest,
  submitOpenid4vpAuthorizationResponse,
} from '@openid4vc/openid4vp';
import { compactVerify, importJWK } from 'jose';
import 'reflect-metadata'; // @peculiar/x509 resolves its providers through tsyringe
import * as x509 from '@peculiar/x509';
import { newKey, signJws, type TestKey } from '../test-support/holder.helper';
import { createTestPki } from '../test-support/pki.helper';
import { CLIENT_ID, issuePid, NOW, nowSeconds, PID_QUERY, presentPid } from '../test-support/sd-jwt.fixture';
import { verifyVpTokenResponse } from '../vp-token/vp-token.verifier';
import { buildRequestObjectHeader, buildRequestObjectPayload, REQUEST_OBJECT_TYP, SELF_ISSUED_V2_AUDIENCE } from './request-object.builder';

const RESPONSE_URI = `${CLIENT_ID}/direct_post`;
const REQUEST_URI = `${CLIENT_ID}/request/req-1`;
const common = { clientId: CLIENT_ID, responseUri: RESPONSE_URI, nonce: 'nonce-1', state: 'state-1', issuedAt: NOW };

/** What a wallet's verifyJwt callback does for a request object: check the signature with the key it trusts. */
function walletVerifyJwt(trusted: TestKey, seen: { method?: string }[]) {
  return async (signer: { method: string }, jwt: { compact: string }) => {
    seen.push(signer);
    try {
      await compactVerify(jwt.compact, await importJWK(trusted.publicJwk, trusted.alg));
      return { verified: true as const, signerJwk: trusted.publicJwk as never };
    } catch {
      return { verified: false as const };
    }
  };
}

const hash = (data: Uint8Array, alg: string) => new Uint8Array(createHash(alg.replace('-', '')).update(data).digest());

describe('buildRequestObjectPayload', () => {
  it('builds a SIOPv2 request: id_token, scope openid, direct_post, subject syntax types', () => {
    const payload = buildRequestObjectPayload({ ...common, responseType: 'id_token', expiresInSeconds: 120 });
    assert.equal(payload['response_type'], 'id_token');
    assert.equal(payload['scope'], 'openid');
    assert.equal(payload['response_mode'], 'direct_post');
    assert.equal(payload['response_uri'], RESPONSE_URI);
    assert.equal(payload['aud'], SELF_ISSUED_V2_AUDIENCE);
    assert.equal(payload['iss'], CLIENT_ID);
    assert.equal(payload['client_id'], CLIENT_ID);
    assert.equal(payload['exp'], (payload['iat'] as number) + 120);
    const metadata = payload['client_metadata'] as Record<string, unknown>;
    assert.deepEqual(metadata['subject_syntax_types_supported'], ['urn:ietf:params:oauth:jwk-thumbprint', 'did:jwk', 'did:key']);
  });

  it('builds an OpenID4VP request with dcql_query and vp_formats_supported for the formats used', () => {
    const dcqlQuery = {
      credentials: [...PID_QUERY.credentials, { id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: 'org.iso.18013.5.1.mDL' } }],
    };
    const payload = buildRequestObjectPayload({ ...common, responseType: 'vp_token', dcqlQuery, clientMetadata: { client_name: 'ACME' } });
    assert.equal(payload['response_type'], 'vp_token');
    assert.equal(payload['scope'], undefined);
    assert.deepEqual(payload['dcql_query'], dcqlQuery);
    const metadata = payload['client_metadata'] as { vp_formats_supported: Record<string, unknown>; client_name: string };
    assert.deepEqual(Object.keys(metadata.vp_formats_supported).sort(), ['dc+sd-jwt', 'mso_mdoc']);
    assert.equal(metadata.client_name, 'ACME');
    assert.deepEqual(buildRequestObjectHeader({ alg: 'ES256', kid: 'k1' }), { alg: 'ES256', typ: REQUEST_OBJECT_TYP, kid: 'k1' });
  });
});

describe('a wallet built on @openid4vc/openid4vp 0.4.6 against these request objects', () => {
  it('treats an https client_id as OpenID Federation: accepts the signed request only through its own federation key lookup', async () => {
    const issuerKey = await newKey();
    const payload = buildRequestObjectPayload({ ...common, responseType: 'vp_token', dcqlQuery: PID_QUERY });
    const requestObject = await signJws(issuerKey, buildRequestObjectHeader({ alg: 'ES256', kid: 'token-key-1' }), payload);
    const seen: { method?: string }[] = [];
    const fetch = async (url: string | URL) => {
      assert.equal(String(url), REQUEST_URI);
      return new Response(requestObject, { headers: { 'Content-Type': 'application/oauth-authz-req+jwt' } });
    };
    const resolved = await resolveOpenid4vpAuthorizationRequest({
      authorizationRequestPayload: { client_id: CLIENT_ID, request_uri: REQUEST_URI },
      callbacks: { fetch, verifyJwt: walletVerifyJwt(issuerKey, seen), hash } as never,
    });
    assert.equal(resolved.client.prefix, 'openid_federation');
    assert.equal(resolved.client.effective, CLIENT_ID);
    assert.equal(seen[0]?.method, 'federation', 'the wallet callback gets a federation signer (kid only), not a jwk/x5c/did one');
    assert.deepEqual(resolved.dcql?.query, PID_QUERY);
    assert.equal(resolved.version, 100);

    // The wallet answers with a KB-JWT bound to the effective client id and the request nonce, posted as a form.
    const scenario = await issuePid();
    const presentation = await presentPid(scenario, {
      kb: { aud: resolved.client.effective, nonce: resolved.authorizationRequestPayload.nonce },
    });
    const { authorizationResponsePayload } = await createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload,
      authorizationResponsePayload: { vp_token: { pid: [presentation] } },
      callbacks: {} as never,
    });
    let form: URLSearchParams | undefined;
    const post = async (_url: string | URL, init?: RequestInit) => {
      form = new URLSearchParams(String(init?.body));
      return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
    };
    await submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload as never,
      authorizationResponsePayload,
      callbacks: { fetch: post as never },
    });
    assert.equal(form?.get('state'), 'state-1');
    const result = await verifyVpTokenResponse(form?.get('vp_token'), {
      dcqlQuery: PID_QUERY,
      clientId: CLIENT_ID,
      nonce: 'nonce-1',
      now: NOW,
      trustedIssuers: [scenario.issuerKey.publicJwk],
    });
    assert.ok(result.verified, JSON.stringify(result));
  });

  it('refuses the same request object signed with another key (the wallet callback decides)', async () => {
    const [issuerKey, attacker] = [await newKey(), await newKey()];
    const requestObject = await signJws(
      attacker,
      buildRequestObjectHeader({ alg: 'ES256', kid: 'token-key-1' }),
      buildRequestObjectPayload({ ...common, responseType: 'vp_token', dcqlQuery: PID_QUERY }),
    );
    await assert.rejects(
      resolveOpenid4vpAuthorizationRequest({
        authorizationRequestPayload: { client_id: CLIENT_ID, request: requestObject },
        callbacks: { fetch: async () => new Response(''), verifyJwt: walletVerifyJwt(issuerKey, []), hash } as never,
      }),
    );
  });

  it('accepts x509_san_dns:<host> with an x5c header whose leaf names the host (the certificate is the trust)', async () => {
    const pki = await createTestPki(NOW, { dnsName: 'issuer.example' });
    const clientId = 'x509_san_dns:issuer.example';
    const payload = buildRequestObjectPayload({ ...common, clientId, iss: CLIENT_ID, responseType: 'vp_token', dcqlQuery: PID_QUERY });
    const requestObject = await signJws(pki.leafKey, buildRequestObjectHeader({ alg: 'ES256', x5c: pki.x5c }), payload);
    const seen: { method?: string }[] = [];
    const getX509CertificateMetadata = (certificate: string) => {
      const san = new x509.X509Certificate(Buffer.from(certificate, 'base64')).getExtension(x509.SubjectAlternativeNameExtension);
      const names = san?.names.toJSON() ?? [];
      return {
        sanDnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value),
        sanUriNames: names.filter((n) => n.type === 'url').map((n) => n.value),
      };
    };
    const resolved = await resolveOpenid4vpAuthorizationRequest({
      authorizationRequestPayload: { client_id: clientId, request: requestObject },
      callbacks: { verifyJwt: walletVerifyJwt(pki.leafKey, seen), getX509CertificateMetadata, hash } as never,
    });
    assert.equal(resolved.client.prefix, 'x509_san_dns');
    assert.equal(resolved.client.effective, clientId, 'the KB-JWT aud is then the prefixed client_id');
    assert.equal(seen[0]?.method, 'x5c');
  });

  it('does not parse SIOPv2 (response_type=id_token) requests at all', async () => {
    const issuerKey = await newKey();
    const requestObject = await signJws(issuerKey, buildRequestObjectHeader({ alg: 'ES256', kid: 'k' }), {
      ...buildRequestObjectPayload({ ...common, responseType: 'id_token' }),
      exp: nowSeconds + 60,
    });
    await assert.rejects(
      resolveOpenid4vpAuthorizationRequest({
        authorizationRequestPayload: { client_id: CLIENT_ID, request: requestObject },
        callbacks: { fetch: async () => new Response(''), verifyJwt: walletVerifyJwt(issuerKey, []), hash } as never,
      }),
    );
  });
});
