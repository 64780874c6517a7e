import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { didJwkOf, newKey } from '../test-support/holder.helper';
import { createTestPki } from '../test-support/pki.helper';
import { CLIENT_ID, issuePid, NONCE, NOW, PID_QUERY, presentPid } from '../test-support/sd-jwt.fixture';
import { verifyVpTokenResponse, type VpTokenVerificationOptions } from '../vp-token/vp-token.verifier';
import { parseTrustedIssuers } from './trusted-issuers';

const base = { dcqlQuery: PID_QUERY, clientId: CLIENT_ID, nonce: NONCE, now: NOW };

async function outcome(vpToken: unknown, options: Partial<VpTokenVerificationOptions>) {
  const result = await verifyVpTokenResponse(vpToken, { ...base, ...options });
  return result.verified ? 'verified' : `${result.error}/${result.reason}`;
}

describe('trusted issuers of presented credentials', () => {
  it('x5c: trusts a leaf chained to a trusted root or pinned itself, refuses another root and an expired leaf', async () => {
    const pki = await createTestPki(NOW);
    const scenario = await issuePid({ issuerKey: pki.leafKey, header: { x5c: pki.x5c } });
    const vpToken = { pid: [await presentPid(scenario)] };
    assert.equal(await outcome(vpToken, { trustedIssuers: [pki.rootPem] }), 'verified');
    assert.equal(await outcome(vpToken, { trustedIssuers: [pki.leafPem] }), 'verified');
    const otherPki = await createTestPki(NOW);
    assert.equal(await outcome(vpToken, { trustedIssuers: [otherPki.rootPem] }), 'access_denied/untrusted_issuer');
    const expired = await createTestPki(NOW, { leafValidity: { from: NOW.getTime() - 10 * 86_400_000, to: NOW.getTime() - 86_400_000 } });
    const old = await issuePid({ issuerKey: expired.leafKey, header: { x5c: expired.x5c } });
    assert.equal(await outcome({ pid: [await presentPid(old)] }, { trustedIssuers: [expired.rootPem] }), 'access_denied/untrusted_issuer');
  });

  it('x5c: a chain to a trusted root with a signature by another key is a bad signature', async () => {
    const pki = await createTestPki(NOW);
    const scenario = await issuePid({ issuerKey: await newKey(), header: { x5c: pki.x5c } });
    assert.equal(
      await outcome({ pid: [await presentPid(scenario)] }, { trustedIssuers: [pki.rootPem] }),
      'invalid_request/invalid_signature',
    );
  });

  it('DID: iss is the trusted DID and kid a DID URL of it, keys from resolveDidKeys; did:jwk decoded locally', async () => {
    const issuerKey = await newKey();
    const did = 'did:web:pid-provider.example';
    const scenario = await issuePid({ issuerKey, payload: { iss: did }, header: { kid: `${did}#key-1` } });
    const vpToken = { pid: [await presentPid(scenario)] };
    const resolveDidKeys = async (didUrl: string) => (didUrl === `${did}#key-1` ? [issuerKey.publicJwk as Record<string, unknown>] : []);
    assert.equal(await outcome(vpToken, { trustedIssuers: [did], resolveDidKeys }), 'verified');
    assert.equal(await outcome(vpToken, { trustedIssuers: ['did:web:other.example'], resolveDidKeys }), 'access_denied/untrusted_issuer');
    assert.equal(await outcome(vpToken, { trustedIssuers: [did] }), 'invalid_request/did_unresolvable');
    const wrongKid = await issuePid({ issuerKey, payload: { iss: did }, header: { kid: 'did:web:other.example#key-1' } });
    assert.equal(
      await outcome({ pid: [await presentPid(wrongKid)] }, { trustedIssuers: [did], resolveDidKeys }),
      'access_denied/untrusted_issuer',
    );

    const jwkDid = didJwkOf(issuerKey.publicJwk);
    const selfCertifying = await issuePid({ issuerKey, payload: { iss: jwkDid }, header: { kid: `${jwkDid}#0` } });
    assert.equal(await outcome({ pid: [await presentPid(selfCertifying)] }, { trustedIssuers: [jwkDid] }), 'verified');
  });

  it('JWK: matched by kid when both carry one', async () => {
    const issuerKey = await newKey();
    const scenario = await issuePid({ issuerKey, header: { kid: 'issuer-key-1' } });
    const vpToken = { pid: [await presentPid(scenario)] };
    assert.equal(await outcome(vpToken, { trustedIssuers: [{ ...issuerKey.publicJwk, kid: 'issuer-key-1' }] }), 'verified');
    assert.equal(
      await outcome(vpToken, { trustedIssuers: [{ ...issuerKey.publicJwk, kid: 'issuer-key-2' }] }),
      'access_denied/untrusted_issuer',
    );
  });
});

describe('parseTrustedIssuers', () => {
  it('sorts JWKs, PEM certificates and DIDs', async () => {
    const pki = await createTestPki(NOW);
    const key = await newKey();
    const { trustedIssuers, errors } = parseTrustedIssuers([key.publicJwk, pki.rootPem, 'did:web:issuer.example']);
    assert.deepEqual(errors, []);
    assert.equal(trustedIssuers.jwks.length, 1);
    assert.deepEqual(trustedIssuers.certificates, [pki.rootPem.trim()]);
    assert.deepEqual(trustedIssuers.dids, ['did:web:issuer.example']);
    assert.deepEqual(parseTrustedIssuers(undefined).errors, []);
  });

  it('names each bad entry by index', async () => {
    const key = await newKey();
    const { errors } = parseTrustedIssuers([
      key.privateJwk,
      'https://issuer.example',
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
      42,
      key.publicJwk,
    ]);
    assert.deepEqual(
      errors.map((e) => e.path),
      ['trustedIssuers.0', 'trustedIssuers.1', 'trustedIssuers.2', 'trustedIssuers.3'],
    );
    assert.deepEqual(parseTrustedIssuers('did:web:x').errors, [{ path: 'trustedIssuers', message: 'must be an array' }]);
  });
});
