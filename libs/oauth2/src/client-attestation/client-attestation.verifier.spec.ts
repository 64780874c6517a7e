import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryJtiStore, newKey, signJwt, tamperSignature, verifySignature, type TestKey } from '../test-support/crypto.helper';
import { createTestPki } from '../test-support/pki.helper';
import { verifyClientAttestation, type ClientAttestationOptions } from './client-attestation.verifier';

const NOW = Math.floor(Date.now() / 1000);
const AS = 'https://issuer.example/issuers/acme';
let counter = 0;

interface Fixture {
  attester: TestKey;
  instance: TestKey;
  options: ClientAttestationOptions;
}

async function fixture(): Promise<Fixture> {
  const attester = await newKey('ES256');
  const instance = await newKey('ES256');
  return {
    attester,
    instance,
    options: { authorizationServer: AS, nowSeconds: NOW, trust: { trustedKeys: [{ ...attester.publicJwk, kid: 'wp-1' }] } },
  };
}

function attestation(f: Fixture, payload: Record<string, unknown> = {}, header: Record<string, unknown> = {}, signer = f.attester) {
  return signJwt(
    signer,
    { typ: 'oauth-client-attestation+jwt', kid: 'wp-1', ...header },
    {
      iss: 'https://wallet-provider.example',
      sub: 'wallet-app',
      iat: NOW - 60,
      exp: NOW + 3600,
      cnf: { jwk: f.instance.publicJwk },
      ...payload,
    },
  );
}

function pop(f: Fixture, payload: Record<string, unknown> = {}, header: Record<string, unknown> = {}, signer = f.instance) {
  return signJwt(
    signer,
    { typ: 'oauth-client-attestation-pop+jwt', ...header },
    { iss: 'wallet-app', aud: AS, jti: `pop-${++counter}`, iat: NOW, ...payload },
  );
}

const callbacks = (extra: Record<string, unknown> = {}) => ({ verifySignature, useJti: memoryJtiStore(), ...extra });

async function expectFailure(
  f: Fixture,
  att: string,
  p: string,
  pattern: RegExp,
  options: Partial<ClientAttestationOptions> = {},
  error = 'invalid_client',
) {
  const result = await verifyClientAttestation({ attestation: att, pop: p }, { ...f.options, ...options }, callbacks());
  assert.equal(result.verified, false);
  if (!result.verified) {
    assert.equal(result.error, error);
    assert.match(result.description, pattern);
  }
}

describe('verifyClientAttestation', () => {
  it('authenticates the client of an attestation signed by a trusted key', async () => {
    const f = await fixture();
    const result = await verifyClientAttestation({ attestation: await attestation(f), pop: await pop(f) }, f.options, callbacks());
    assert.ok(result.verified, JSON.stringify(result));
    if (result.verified) {
      assert.equal(result.clientId, 'wallet-app');
      assert.equal(result.attester, 'https://wallet-provider.example');
      assert.deepEqual(result.instanceJwk, f.instance.publicJwk);
      assert.equal(result.trustedBy, 'key');
    }
  });

  it('accepts a PoP without iss (later drafts), an aud array, a kid-less attestation and a matching client_id', async () => {
    const f = await fixture();
    const result = await verifyClientAttestation(
      { attestation: await attestation(f, {}, { kid: undefined }), pop: await pop(f, { iss: undefined, aud: ['x', AS] }) },
      { ...f.options, clientId: 'wallet-app' },
      callbacks(),
    );
    assert.ok(result.verified);
  });

  it('authenticates through an x5c chain to a trusted certificate, with or without an intermediate', async () => {
    for (const intermediate of [false, true]) {
      const pki = await createTestPki({ nowMs: NOW * 1000, intermediate });
      const f = await fixture();
      const options = { ...f.options, trust: { trustedCertificates: [pki.rootPem] } };
      const att = await attestation(f, {}, { kid: undefined, x5c: pki.x5c }, pki.leafKey);
      const result = await verifyClientAttestation({ attestation: att, pop: await pop(f) }, options, callbacks());
      assert.ok(result.verified, JSON.stringify(result));
      if (result.verified) assert.equal(result.trustedBy, 'certificate');
    }
  });

  it('refuses untrusted chains, expired leaves, a chain with a self-made root and a forged leaf signature', async () => {
    const f = await fixture();
    const pki = await createTestPki({ nowMs: NOW * 1000, intermediate: true });
    const other = await createTestPki({ nowMs: NOW * 1000 });
    const trust = { trust: { trustedCertificates: [other.rootPem] } };
    await expectFailure(f, await attestation(f, {}, { x5c: pki.x5c }, pki.leafKey), await pop(f), /trusted certificate/, trust);
    const expired = await createTestPki({ nowMs: NOW * 1000, leafValidity: { from: (NOW - 7200) * 1000, to: (NOW - 3600) * 1000 } });
    await expectFailure(f, await attestation(f, {}, { x5c: expired.x5c }, expired.leafKey), await pop(f), /expired/, {
      trust: { trustedCertificates: [expired.rootPem] },
    });
    await expectFailure(f, await attestation(f, {}, { x5c: pki.x5c.slice(0, 1) }, pki.leafKey), await pop(f), /trusted certificate/, {
      trust: { trustedCertificates: [pki.rootPem] },
    });
    await expectFailure(f, await attestation(f, {}, { x5c: pki.x5c }, f.attester), await pop(f), /leaf certificate/, {
      trust: { trustedCertificates: [pki.rootPem] },
    });
    await expectFailure(f, await attestation(f, {}, { x5c: ['not base64!'] }, pki.leafKey), await pop(f), /base64/, {
      trust: { trustedCertificates: [pki.rootPem] },
    });
  });

  it('refuses attestations not signed by a trusted key, including self-signed ones with a jwk header', async () => {
    const f = await fixture();
    const stranger = await newKey('ES256');
    await expectFailure(f, await attestation(f, {}, {}, stranger), await pop(f), /trusted key/);
    await expectFailure(f, await attestation(f, {}, { jwk: stranger.publicJwk, kid: undefined }, stranger), await pop(f), /trusted key/);
    await expectFailure(f, tamperSignature(await attestation(f)), await pop(f), /trusted key/);
    await expectFailure(f, await attestation(f), await pop(f), /trusted key/, { trust: {} });
    await expectFailure(f, await attestation(f, {}, { kid: 'wp-2' }), await pop(f), /trusted key/);
  });

  it('refuses bad attestation claims and headers', async () => {
    const f = await fixture();
    const p = await pop(f);
    await expectFailure(f, await attestation(f, {}, { typ: 'JWT' }), p, /typ/);
    await expectFailure(f, await attestation(f, { exp: NOW - 1 }), p, /expired/);
    await expectFailure(f, await attestation(f, { exp: undefined }), p, /exp/);
    await expectFailure(f, await attestation(f, { sub: undefined }), p, /sub/);
    await expectFailure(f, await attestation(f, { iss: undefined }), p, /iss/);
    await expectFailure(f, await attestation(f, { nbf: NOW + 600 }), p, /not yet valid/);
    await expectFailure(f, await attestation(f, { cnf: { jwk: f.instance.privateJwk } }), p, /private/);
    await expectFailure(f, await attestation(f, { cnf: {} }), p, /cnf/);
    await expectFailure(f, await attestation(f), p, /alg/, { allowedAlgs: ['EdDSA'] });
    await expectFailure(f, await attestation(f), p, /client_id/, { clientId: 'another-app' });
  });

  it('refuses bad PoPs: wrong key, wrong aud, iss, typ, stale iat, missing jti, replay', async () => {
    const f = await fixture();
    const att = await attestation(f);
    await expectFailure(f, att, await pop(f, {}, {}, await newKey('ES256')), /cnf.jwk/);
    await expectFailure(f, att, tamperSignature(await pop(f)), /cnf.jwk/);
    await expectFailure(f, att, await pop(f, { aud: 'https://other.example' }), /aud/);
    await expectFailure(f, att, await pop(f, { iss: 'other-app' }), /iss/);
    await expectFailure(f, att, await pop(f, {}, { typ: 'oauth-client-attestation+jwt' }), /typ/);
    await expectFailure(f, att, await pop(f, { iat: NOW - 301 }), /iat/);
    await expectFailure(f, att, await pop(f, { iat: undefined }), /iat/);
    await expectFailure(f, att, await pop(f, { iat: NOW + 120 }), /future/);
    await expectFailure(f, att, await pop(f, { exp: NOW - 1 }), /expired/);
    await expectFailure(f, att, await pop(f, { jti: undefined }), /jti/);
    const once = await pop(f);
    const store = callbacks();
    assert.ok((await verifyClientAttestation({ attestation: att, pop: once }, f.options, store)).verified);
    const replay = await verifyClientAttestation({ attestation: att, pop: once }, f.options, store);
    assert.equal(replay.verified, false);
    if (!replay.verified) assert.match(replay.description, /jti has been used/);
  });

  it('checks a server challenge (challenge, or nonce as @openid4vc/oauth2 0.4.6 sends it)', async () => {
    const f = await fixture();
    const att = await attestation(f);
    const checkChallenge = (c: string) => c === 'ch-1';
    for (const claim of ['challenge', 'nonce']) {
      const result = await verifyClientAttestation(
        { attestation: att, pop: await pop(f, { [claim]: 'ch-1' }) },
        { ...f.options, requireChallenge: true },
        callbacks({ checkChallenge }),
      );
      assert.ok(result.verified, claim);
    }
    await expectFailure(f, att, await pop(f), /challenge/, { requireChallenge: true }, 'use_attestation_challenge');
    const wrong = await verifyClientAttestation(
      { attestation: att, pop: await pop(f, { challenge: 'old' }) },
      f.options,
      callbacks({ checkChallenge }),
    );
    assert.deepEqual(wrong.verified ? undefined : wrong.error, 'use_attestation_challenge');
  });
});
