import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { verifyProofJwt, type ProofVerificationCallbacks, type ProofVerificationOptions } from './proof-jwt.verifier';
import { didJwkFromJwk } from './holder-jwk.util';
import { createAttestationIssuer, newKey, signKeyAttestation, type AttestationIssuer } from '../test-support/key-attestation.helper';

const ISSUER = 'https://issuer.example.com/issuers/acme';
const NOW = 1_760_000_000;
const options = { credentialIssuer: ISSUER, nowSeconds: NOW, supportedAlgs: ['ES256', 'EdDSA'] };

const callbacks: ProofVerificationCallbacks = {
  async verifySignature({ alg, jwk, signingInput, signature }) {
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    if (alg === 'EdDSA') return verify(null, Buffer.from(signingInput), key, signature);
    return verify('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, signature);
  },
};

async function keys(alg: 'ES256' | 'EdDSA') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

async function proof(
  alg: 'ES256' | 'EdDSA',
  opts: { header?: Record<string, unknown>; payload?: Record<string, unknown>; noJwk?: boolean } = {},
) {
  const k = await keys(alg);
  const header = { alg, typ: 'openid4vci-proof+jwt', ...(opts.noJwk ? {} : { jwk: k.publicJwk }), ...opts.header };
  const payload = { aud: ISSUER, iat: NOW - 5, nonce: 'n-1', ...opts.payload };
  const jwt = await new SignJWT(payload).setProtectedHeader(header as never).sign(k.privateKey);
  return { jwt, ...k };
}

async function expectFailure(jwt: string, pattern: RegExp, extra: Partial<ProofVerificationOptions> = {}) {
  const result = await verifyProofJwt(jwt, { ...options, ...extra }, callbacks);
  assert.equal(result.verified, false);
  if (!result.verified) {
    assert.equal(result.error, 'invalid_proof');
    assert.match(result.description, pattern);
    assert.doesNotMatch(result.description, /["\\]/);
  }
}

describe('verifyProofJwt', () => {
  it('accepts an ES256 proof with a jwk header and returns the holder key, nonce and did:jwk', async () => {
    const { jwt, publicJwk } = await proof('ES256');
    const result = await verifyProofJwt(jwt, options, callbacks);
    assert.ok(result.verified);
    assert.deepEqual(result.holderJwk, publicJwk);
    assert.equal(result.nonce, 'n-1');
    assert.equal(result.holderDid, didJwkFromJwk(publicJwk as Record<string, unknown>));
    assert.equal(result.kid, undefined);
  });

  it('accepts an EdDSA proof with a did:jwk kid (with #0) and an aud array', async () => {
    const k = await keys('EdDSA');
    const did = didJwkFromJwk(k.publicJwk as Record<string, unknown>);
    const jwt = await new SignJWT({ aud: ['other', ISSUER], iat: NOW, nonce: 'n-2' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: `${did}#0` })
      .sign(k.privateKey);
    const result = await verifyProofJwt(jwt, options, callbacks);
    assert.ok(result.verified);
    assert.equal(result.holderDid, did);
    assert.equal(result.kid, `${did}#0`);
    assert.deepEqual(result.holderJwk, k.publicJwk);
  });

  it('resolves other kids through resolveKid and fails when unresolved or without resolver', async () => {
    const k = await keys('ES256');
    const kid = 'did:web:wallet.example#key-1';
    const jwt = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid })
      .sign(k.privateKey);
    const resolved = await verifyProofJwt(jwt, options, {
      ...callbacks,
      resolveKid: async (id) => (id === kid ? (k.publicJwk as Record<string, unknown>) : undefined),
    });
    assert.ok(resolved.verified);
    assert.equal(resolved.holderDid, 'did:web:wallet.example');
    const unresolved = await verifyProofJwt(jwt, options, { ...callbacks, resolveKid: async () => undefined });
    assert.equal(unresolved.verified, false);
    await expectFailure(jwt, /cannot be resolved/);
  });

  it('accepts iss equal to clientId and ignores iss without clientId', async () => {
    const { jwt } = await proof('ES256', { payload: { iss: 'wallet-1' } });
    assert.ok((await verifyProofJwt(jwt, { ...options, clientId: 'wallet-1' }, callbacks)).verified);
    assert.ok((await verifyProofJwt(jwt, options, callbacks)).verified);
    await expectFailure(jwt, /iss/, { clientId: 'wallet-2' });
  });

  it('rejects a wrong typ', async () => {
    await expectFailure((await proof('ES256', { header: { typ: 'JWT' } })).jwt, /typ/);
  });

  it('rejects a wrong aud', async () => {
    await expectFailure((await proof('ES256', { payload: { aud: 'https://evil.example' } })).jwt, /aud/);
  });

  it('rejects an old iat and a future iat, accepts small skew', async () => {
    await expectFailure((await proof('ES256', { payload: { iat: NOW - 301 } })).jwt, /too old/);
    await expectFailure((await proof('ES256', { payload: { iat: NOW + 61 } })).jwt, /future/);
    assert.ok((await verifyProofJwt((await proof('ES256', { payload: { iat: NOW + 30 } })).jwt, options, callbacks)).verified);
    await expectFailure((await proof('ES256', { payload: { iat: 'yesterday' } })).jwt, /iat/);
  });

  it('rejects an expired proof', async () => {
    await expectFailure((await proof('ES256', { payload: { exp: NOW - 1 } })).jwt, /expired/);
  });

  it('rejects a proof without nonce', async () => {
    await expectFailure((await proof('ES256', { payload: { nonce: undefined } })).jwt, /nonce/);
  });

  it('rejects private key material in the jwk header', async () => {
    const k = await keys('ES256');
    const jwt = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: k.privateJwk as JWK })
      .sign(k.privateKey);
    await expectFailure(jwt, /private key/);
  });

  it('rejects a bad signature', async () => {
    const { jwt } = await proof('ES256');
    const other = await proof('ES256');
    const [h, p] = jwt.split('.');
    await expectFailure(`${h}.${p}.${other.jwt.split('.')[2]}`, /signature/);
    const tamperedPayload = Buffer.from(JSON.stringify({ aud: ISSUER, iat: NOW, nonce: 'other' })).toString('base64url');
    await expectFailure(`${h}.${tamperedPayload}.${jwt.split('.')[2]}`, /signature/);
  });

  it('rejects alg none, HS256, unsupported algs and alg/key mismatches', async () => {
    const k = await keys('ES256');
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const payload = enc({ aud: ISSUER, iat: NOW, nonce: 'n' });
    const none = `${enc({ alg: 'none', typ: 'openid4vci-proof+jwt', jwk: k.publicJwk })}.${payload}.`;
    await expectFailure(none, /decoded|asymmetric/);
    const noneSigned = `${enc({ alg: 'none', typ: 'openid4vci-proof+jwt', jwk: k.publicJwk })}.${payload}.AAAA`;
    await expectFailure(noneSigned, /asymmetric/, { supportedAlgs: ['none', 'ES256'] });
    const hs = `${enc({ alg: 'HS256', typ: 'openid4vci-proof+jwt', jwk: { kty: 'oct', k: 'AAAA' } })}.${payload}.AAAA`;
    await expectFailure(hs, /asymmetric/, { supportedAlgs: ['HS256'] });
    await expectFailure((await proof('ES256')).jwt, /not supported/, { supportedAlgs: ['EdDSA'] });
    const ed = await keys('EdDSA');
    const mismatch = `${enc({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: ed.publicJwk })}.${payload}.AAAA`;
    await expectFailure(mismatch, /key type/);
  });

  it('rejects both kid and jwk, neither, and x5c', async () => {
    await expectFailure((await proof('ES256', { header: { kid: 'did:example:1' } })).jwt, /exactly one/);
    await expectFailure((await proof('ES256', { noJwk: true })).jwt, /exactly one/);
    await expectFailure((await proof('ES256', { noJwk: true, header: { x5c: ['MIIB'] } })).jwt, /x5c proofs are not supported/);
  });

  it('rejects malformed compact serialisations', async () => {
    await expectFailure('a.b', /three parts/);
    await expectFailure('a.b.c', /decoded/);
    await expectFailure('!!.@@.##', /decoded/);
  });

  it('rejects a did:jwk kid with another fragment or garbage', async () => {
    const { jwt, publicJwk } = await proof('ES256', { noJwk: true, header: { kid: 'did:jwk:notbase64!' } });
    await expectFailure(jwt, /did:jwk/);
    const did = didJwkFromJwk(publicJwk as Record<string, unknown>);
    await expectFailure((await proof('ES256', { noJwk: true, header: { kid: `${did}#1` } })).jwt, /#0/);
  });
});

describe('verifyProofJwt: did:key kids and binding methods', () => {
  async function didKeyProof(alg: 'ES256' | 'EdDSA', fragment = true) {
    const k = await keys(alg);
    const multibase = `z${base58(Buffer.concat([Buffer.from(alg === 'EdDSA' ? [0xed, 0x01] : [0x80, 0x24]), rawKey(k.publicJwk)]))}`;
    const did = `did:key:${multibase}`;
    const kid = fragment ? `${did}#${multibase}` : did;
    const jwt = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
      .setProtectedHeader({ alg, typ: 'openid4vci-proof+jwt', kid })
      .sign(k.privateKey);
    return { jwt, did, kid, publicJwk: k.publicJwk };
  }

  for (const alg of ['ES256', 'EdDSA'] as const) {
    it(`resolves a did:key kid locally (${alg}) and returns the DID as holder`, async () => {
      const { jwt, did, kid, publicJwk } = await didKeyProof(alg);
      const result = await verifyProofJwt(jwt, { ...options, bindingMethods: ['did:key'] }, callbacks);
      assert.ok(result.verified, JSON.stringify(result));
      assert.equal(result.holderDid, did);
      assert.equal(result.kid, kid);
      assert.deepEqual(result.holderJwk, {
        kty: publicJwk.kty,
        crv: publicJwk.crv,
        x: publicJwk.x,
        ...(publicJwk.y ? { y: publicJwk.y } : {}),
      });
    });
  }

  it('accepts a did:key DID without fragment and under the draft-era generic did', async () => {
    const { jwt } = await didKeyProof('ES256', false);
    assert.ok((await verifyProofJwt(jwt, { ...options, bindingMethods: ['did'] }, callbacks)).verified);
  });

  it('refuses a jwk header for a did:key-only configuration, and a did:key kid for a jwk-only one', async () => {
    await expectFailure((await proof('ES256')).jwt, /binds to did:key; a jwk header key is not accepted/, { bindingMethods: ['did:key'] });
    await expectFailure((await didKeyProof('ES256')).jwt, /binds to jwk; a did:key kid is not accepted/, { bindingMethods: ['jwk'] });
  });

  it('treats jwk and did:jwk as one representation, and cose_key as taking a jwk', async () => {
    const { jwt } = await proof('ES256');
    for (const methods of [['jwk'], ['did:jwk'], ['cose_key']]) {
      assert.ok((await verifyProofJwt(jwt, { ...options, bindingMethods: methods }, callbacks)).verified, methods.join());
    }
    const k = await keys('ES256');
    const didJwt = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid: `${didJwkFromJwk(k.publicJwk as Record<string, unknown>)}#0` })
      .sign(k.privateKey);
    assert.ok((await verifyProofJwt(didJwt, { ...options, bindingMethods: ['jwk'] }, callbacks)).verified);
    await expectFailure(didJwt, /did:jwk kid is not accepted/, { bindingMethods: ['did:key'] });
  });

  it('never resolves a did:web kid the binding methods do not allow', async () => {
    const k = await keys('ES256');
    const jwt = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid: 'did:web:wallet.example#k' })
      .sign(k.privateKey);
    let asked = 0;
    const resolveKid = async () => {
      asked++;
      return k.publicJwk as Record<string, unknown>;
    };
    const refused = await verifyProofJwt(jwt, { ...options, bindingMethods: ['did:key', 'jwk'] }, { ...callbacks, resolveKid });
    assert.equal(refused.verified, false);
    assert.equal(asked, 0);
    const accepted = await verifyProofJwt(jwt, { ...options, bindingMethods: ['did:web'] }, { ...callbacks, resolveKid });
    assert.ok(accepted.verified);
    assert.equal(accepted.holderDid, 'did:web:wallet.example');
    const why = await verifyProofJwt(jwt, options, {
      ...callbacks,
      resolveKid: async () => ({ ok: false, description: 'not under authentication' }),
    });
    assert.ok(!why.verified && /not under authentication/.test(why.description));
  });
});

describe('verifyProofJwt: key_attestation header', () => {
  let attester: AttestationIssuer;
  before(async () => {
    attester = await createAttestationIssuer(NOW * 1000);
  });
  const policy = () => ({ trust: { trustedKeys: [attester.key.publicJwk] }, required: { key_storage: ['iso_18045_high'] } });

  async function attested(holder: { publicJwk: JWK }, extra: Record<string, unknown> = {}) {
    return signKeyAttestation(
      attester.key,
      {},
      { iat: NOW, exp: NOW + 600, nonce: 'n-ka', attested_keys: [holder.publicJwk], key_storage: ['iso_18045_high'], ...extra },
    );
  }

  it('accepts a proof signed by an attested key and returns the attestation (nonce to consume)', async () => {
    const k = await keys('ES256');
    const { jwt } = await proof('ES256', { header: { jwk: k.publicJwk, key_attestation: await attested(k) } });
    const signed = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n-1' })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: k.publicJwk, key_attestation: await attested(k) } as never)
      .sign(k.privateKey);
    const result = await verifyProofJwt(signed, { ...options, keyAttestation: policy() }, callbacks);
    assert.ok(result.verified, JSON.stringify(result));
    assert.equal(result.keyAttestation?.nonce, 'n-ka');
    assert.equal((await verifyProofJwt(jwt, { ...options, keyAttestation: policy() }, callbacks)).verified, false, 'other signing key');
  });

  it('accepts a plain kid naming an attested key (Appendix F.1 example)', async () => {
    const k = await keys('ES256');
    const attestation = await attested({ publicJwk: { ...k.publicJwk, kid: '0' } });
    const jwt = await new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid: '0', key_attestation: attestation } as never)
      .sign(k.privateKey);
    const result = await verifyProofJwt(jwt, { ...options, keyAttestation: policy() }, callbacks);
    assert.ok(result.verified, JSON.stringify(result));
    await expectFailure(jwt, /kid must be a DID URL/);
  });

  it('refuses a missing, untrusted, expired or too weak attestation and a key it does not attest', async () => {
    const k = await keys('ES256');
    const sign = (attestation?: string) =>
      new SignJWT({ aud: ISSUER, iat: NOW, nonce: 'n' })
        .setProtectedHeader({
          alg: 'ES256',
          typ: 'openid4vci-proof+jwt',
          jwk: k.publicJwk,
          ...(attestation ? { key_attestation: attestation } : {}),
        } as never)
        .sign(k.privateKey);
    const withPolicy = { keyAttestation: policy() };
    await expectFailure(await sign(), /requires a key_attestation/, withPolicy);
    const stranger = await newKey();
    await expectFailure(
      await sign(await signKeyAttestation(stranger, {}, { iat: NOW, exp: NOW + 60, nonce: 'x', attested_keys: [k.publicJwk] })),
      /trusted/,
      withPolicy,
    );
    await expectFailure(await sign(await attested(k, { exp: NOW - 1 })), /expired/, withPolicy);
    await expectFailure(await sign(await attested(k, { key_storage: ['iso_18045_basic'] })), /key_storage must include/, withPolicy);
    await expectFailure(await sign(await attested(await keys('ES256'))), /not signed by a key of the key attestation/, withPolicy);
    assert.ok(
      (await verifyProofJwt(await sign(await attested(await keys('ES256'))), options, callbacks)).verified,
      'ignored when not required',
    );
  });
});

function rawKey(jwk: JWK): Buffer {
  if (jwk.kty === 'OKP') return Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  return Buffer.concat([Buffer.from([2 + (y[y.length - 1]! & 1)]), Buffer.from(jwk.x!, 'base64url')]);
}

function base58(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  for (; n > 0n; n /= 58n) out = alphabet[Number(n % 58n)] + out;
  return out;
}
