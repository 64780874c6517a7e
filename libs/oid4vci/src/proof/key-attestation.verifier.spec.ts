import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAttestationIssuer,
  newKey,
  signKeyAttestation,
  verifySignature,
  type AttestationIssuer,
  type TestKey,
} from '../test-support/key-attestation.helper';
import { sameJwk, verifyKeyAttestation, type KeyAttestationOptions } from './key-attestation.verifier';

const NOW = 1_760_000_000;

describe('verifyKeyAttestation', () => {
  let issuer: AttestationIssuer;
  let holder: TestKey;
  let options: KeyAttestationOptions;
  const body = () => ({
    iat: NOW - 10,
    exp: NOW + 3600,
    nonce: 'c-nonce',
    attested_keys: [holder.publicJwk],
    key_storage: ['iso_18045_high'],
    user_authentication: ['iso_18045_moderate'],
  });

  before(async () => {
    issuer = await createAttestationIssuer(NOW * 1000);
    holder = await newKey();
    options = {
      use: 'jwt',
      nowSeconds: NOW,
      supportedAlgs: ['ES256'],
      trust: { trustedKeys: [issuer.key.publicJwk], trustedCertificates: [issuer.rootPem] },
    };
  });

  async function refused(jwt: unknown, pattern: RegExp, extra: Partial<KeyAttestationOptions> = {}) {
    const result = await verifyKeyAttestation(jwt, { ...options, ...extra }, { verifySignature });
    assert.equal(result.verified, false, 'accepted');
    if (!result.verified) {
      assert.equal(result.error, 'invalid_proof');
      assert.match(result.description, pattern);
    }
  }

  it('accepts an attestation signed by a trusted key (matched by kid) and returns keys, levels and nonce', async () => {
    const jwt = await signKeyAttestation(issuer.key, { kid: 'wp-1' }, body());
    const result = await verifyKeyAttestation(jwt, options, { verifySignature });
    assert.ok(result.verified);
    assert.equal(result.trustedBy, 'key');
    assert.equal(result.nonce, 'c-nonce');
    assert.deepEqual(result.keyStorage, ['iso_18045_high']);
    assert.ok(sameJwk(result.attestedKeys[0]!, holder.publicJwk));
  });

  it('accepts an x5c chain to a trusted certificate, and the pre-final typ keyattestation+jwt', async () => {
    const jwt = await signKeyAttestation(issuer.leafKey, { x5c: issuer.x5c, typ: 'keyattestation+jwt' }, body());
    const result = await verifyKeyAttestation(jwt, options, { verifySignature });
    assert.ok(result.verified);
    assert.equal(result.trustedBy, 'certificate');
  });

  it('refuses an untrusted signer: other key, self-declared jwk, x5c to another root', async () => {
    const stranger = await newKey();
    await refused(await signKeyAttestation(stranger, {}, body()), /not signed by a trusted/);
    await refused(await signKeyAttestation(stranger, { jwk: stranger.publicJwk }, body()), /not signed by a trusted/);
    const other = await createAttestationIssuer(NOW * 1000);
    await refused(await signKeyAttestation(other.leafKey, { x5c: other.x5c }, body()), /x5c chain does not lead to a trusted/);
    await refused(await signKeyAttestation(issuer.key, { kid: 'wp-1' }, body()), /not signed by a trusted/, {
      trust: { trustedCertificates: [issuer.rootPem] },
    });
    const wrongKid = await signKeyAttestation(issuer.key, { kid: 'wp-2' }, body());
    await refused(wrongKid, /not signed by a trusted/);
  });

  it('refuses an x5c chain that is not valid at the time, and a bad signature', async () => {
    await refused(await signKeyAttestation(issuer.leafKey, { x5c: issuer.x5c }, body()), /expired or not yet valid/, {
      nowSeconds: NOW + 400 * 86_400,
    });
    const jwt = await signKeyAttestation(issuer.key, {}, body());
    const forged = await signKeyAttestation(await newKey(), {}, { ...body(), attested_keys: [(await newKey()).publicJwk] });
    await refused(`${forged.split('.').slice(0, 2).join('.')}.${jwt.split('.')[2]}`, /not signed by a trusted/);
  });

  it('checks typ, alg and crit', async () => {
    await refused(await signKeyAttestation(issuer.key, { typ: 'JWT' }, body()), /typ/);
    await refused(await signKeyAttestation(issuer.key, {}, body()), /alg ES256 is not supported/, { supportedAlgs: ['EdDSA'] });
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    await refused(`${enc({ alg: 'ES256', typ: 'key-attestation+jwt', crit: ['x'], x: 1 })}.${enc(body())}.AAAA`, /crit/);
    await refused('a.b', /three parts/);
    await refused(42, /three parts/);
  });

  it('checks iat, exp (required with the jwt proof type) and nbf', async () => {
    const { exp: _exp, ...noExp } = body();
    await refused(await signKeyAttestation(issuer.key, {}, noExp), /exp is required/);
    assert.ok(
      (await verifyKeyAttestation(await signKeyAttestation(issuer.key, {}, noExp), { ...options, use: 'attestation' }, { verifySignature }))
        .verified,
    );
    await refused(await signKeyAttestation(issuer.key, {}, { ...body(), exp: NOW }), /expired/);
    await refused(await signKeyAttestation(issuer.key, {}, { ...body(), iat: NOW + 120 }), /future/);
    await refused(await signKeyAttestation(issuer.key, {}, { ...body(), iat: undefined }), /iat is required/);
    await refused(await signKeyAttestation(issuer.key, {}, { ...body(), nbf: NOW + 120 }), /not yet valid/);
  });

  it('requires a nonce unless told there is no nonce endpoint', async () => {
    const jwt = await signKeyAttestation(issuer.key, {}, { ...body(), nonce: undefined });
    await refused(jwt, /nonce is required/);
    assert.ok((await verifyKeyAttestation(jwt, { ...options, requireNonce: false }, { verifySignature })).verified);
    await refused(await signKeyAttestation(issuer.key, {}, { ...body(), nonce: 7 }), /nonce must be a string/);
  });

  it('checks attested_keys: present, public, bounded', async () => {
    await refused(await signKeyAttestation(issuer.key, {}, { ...body(), attested_keys: [] }), /attested_keys/);
    await refused(await signKeyAttestation(issuer.key, {}, { ...body(), attested_keys: undefined }), /attested_keys/);
    const privateJwk = { ...holder.publicJwk, d: 'AAAA' };
    await refused(await signKeyAttestation(issuer.key, {}, { ...body(), attested_keys: [privateJwk] }), /private key material/);
    await refused(
      await signKeyAttestation(issuer.key, {}, { ...body(), attested_keys: new Array(101).fill(holder.publicJwk) }),
      /1 to 100/,
    );
  });

  it('needs one accepted value of each required level (key_storage, user_authentication)', async () => {
    const jwt = await signKeyAttestation(issuer.key, {}, body());
    const accepted = { key_storage: ['iso_18045_moderate', 'iso_18045_high'], user_authentication: ['iso_18045_moderate'] };
    assert.ok((await verifyKeyAttestation(jwt, { ...options, required: accepted }, { verifySignature })).verified);
    assert.ok((await verifyKeyAttestation(jwt, { ...options, required: {} }, { verifySignature })).verified, '{} = any attestation');
    await refused(jwt, /key_storage must include one of iso_18045_moderate/, { required: { key_storage: ['iso_18045_moderate'] } });
    await refused(jwt, /user_authentication must include one of iso_18045_high/, { required: { user_authentication: ['iso_18045_high'] } });
    const noLevels = await signKeyAttestation(issuer.key, {}, { ...body(), key_storage: undefined });
    await refused(noLevels, /key_storage must include/, { required: { key_storage: ['iso_18045_high'] } });
    await refused(
      await signKeyAttestation(issuer.key, {}, { ...body(), key_storage: 'iso_18045_high' }),
      /key_storage must be a non-empty array/,
    );
  });

  it('compares keys by their key members only', async () => {
    const other = await newKey();
    assert.ok(sameJwk({ ...holder.publicJwk, kid: 'a', alg: 'ES256' }, holder.publicJwk));
    assert.equal(sameJwk(other.publicJwk, holder.publicJwk), false);
    assert.equal(sameJwk({ kty: 'oct', k: 'x' }, { kty: 'oct', k: 'x' }), false);
  });
});
