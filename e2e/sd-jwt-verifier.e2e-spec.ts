import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { AdminClient, createSdJwtIssuer, startTarget, TestWallet, type RunningPlatform } from '@issuer/testing';
import { createOffer } from './protocol-helpers';
import { verifySdJwt, verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';
const ISS = 'https://issuer.example/issuers/test';

/** A disclosure built here from its definition (RFC 9901 §4.2): base64url JSON array, digest = sha-256 over that string. */
function disclosure(...parts: unknown[]): { encoded: string; digest: string } {
  const encoded = Buffer.from(JSON.stringify([randomBytes(16).toString('base64url'), ...parts])).toString('base64url');
  return { encoded, digest: createHash('sha256').update(encoded).digest('base64url') };
}
/** The same disclosure (same salt and name) with another value: what a forger would send. */
function withValue(encoded: string, value: unknown): string {
  const [salt, ...rest] = JSON.parse(Buffer.from(encoded, 'base64url').toString()) as unknown[];
  return Buffer.from(JSON.stringify([salt, ...rest.slice(0, -1), value])).toString('base64url');
}
const decoy = () => disclosure('decoy').digest;

/**
 * The end-to-end suite's SD-JWT verifier must refuse what a verifier must refuse: these cases build SD-JWTs by hand
 * (object, recursive and array element disclosures, decoys, key binding) and break them one way at a time.
 */
describe(`the e2e SD-JWT verifier (${target})`, () => {
  let issuerKey: { privateKey: CryptoKey; publicKey: CryptoKey };
  let holderKey: { privateKey: CryptoKey; publicKey: CryptoKey };
  let holderJwk: JWK;
  const family = disclosure('family_name', 'Mustermann');
  const locality = disclosure('locality', 'Berlin');
  const address = disclosure('address', { _sd: [locality.digest, decoy()], country: 'DE' });
  const french = disclosure('FR');
  const spanish = disclosure('ES');
  const clash = disclosure('given_name', 'Mallory');

  before(async () => {
    issuerKey = await generateKeyPair('ES256');
    holderKey = await generateKeyPair('ES256');
    holderJwk = await exportJWK(holderKey.publicKey);
  });

  const sign = (payload: Record<string, unknown>) =>
    new SignJWT({ iss: ISS, iat: Math.floor(Date.now() / 1000), cnf: { jwk: holderJwk }, _sd_alg: 'sha-256', ...payload })
      .setProtectedHeader({ alg: 'ES256', typ: 'dc+sd-jwt' })
      .sign(issuerKey.privateKey);
  const claimsWith = (sd: string[]) => ({
    given_name: 'Erika',
    nationalities: ['DE', { '...': french.digest }, { '...': decoy() }],
    _sd: sd,
  });
  const credential = async (disclosures: string[], sd = [family.digest, address.digest, decoy()]) =>
    `${await sign(claimsWith(sd))}~${disclosures.map((d) => `${d}~`).join('')}`;
  const verify = (sdJwt: string, keyBinding?: { aud: string; nonce: string }) =>
    verifySdJwt(sdJwt, issuerKey.publicKey, { iss: ISS, typ: 'dc+sd-jwt', keyBinding });
  const keyBindingJwt = (presented: string, payload: Record<string, unknown> = {}) =>
    new SignJWT({
      iat: Math.floor(Date.now() / 1000),
      aud: 'https://verifier.example',
      nonce: 'n-1',
      sd_hash: createHash('sha256').update(presented).digest('base64url'),
      ...payload,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'kb+jwt' })
      .sign(holderKey.privateKey);

  it('unpacks object, recursive and array element disclosures and skips decoys', async () => {
    const all = [family, address, locality, french].map((d) => d.encoded);
    const verified = await verify(await credential(all));
    assert.deepEqual(verified.claims, {
      iss: ISS,
      iat: verified.payload['iat'],
      cnf: { jwk: holderJwk },
      given_name: 'Erika',
      family_name: 'Mustermann',
      address: { country: 'DE', locality: 'Berlin' },
      nationalities: ['DE', 'FR'],
    });
    assert.equal(verified.disclosures.length, 4);
    assert.equal(verified.payload['family_name'], undefined, 'the signed payload holds digests only');

    const withheld = await verify(await credential([family.encoded, address.encoded]));
    assert.deepEqual(withheld.claims['address'], { country: 'DE' }, 'a holder may withhold a disclosure');
    assert.deepEqual(withheld.claims['nationalities'], ['DE']);
  });

  it('refuses a disclosure whose digest is not in the signed payload (a changed value)', async () => {
    const forged = withValue(family.encoded, 'Musterfrau');
    await assert.rejects(verify(await credential([forged, address.encoded])), /is not referenced by the signed payload/);
    const forgedNested = withValue(locality.encoded, 'Hamburg');
    await assert.rejects(verify(await credential([address.encoded, forgedNested])), /is not referenced/);
    const forgedElement = withValue(french.encoded, 'IT');
    await assert.rejects(verify(await credential([forgedElement])), /is not referenced/);
  });

  it('refuses repeated disclosures or digests, disclosures of the wrong kind and names the object already has', async () => {
    await assert.rejects(verify(await credential([family.encoded, family.encoded])), /is sent twice/);
    await assert.rejects(verify(await credential([family.encoded], [family.digest, family.digest])), /appears twice/);
    await assert.rejects(verify(await credential([spanish.encoded], [spanish.digest])), /sits in _sd/);
    await assert.rejects(verify(await credential([clash.encoded], [clash.digest])), /already in the object/);
    const jwt = await sign({ list: [{ '...': family.digest }] });
    await assert.rejects(verify(`${jwt}~${family.encoded}~`), /sits in an array/);
  });

  it('refuses a payload changed after signing and a payload signed by another key', async () => {
    const [header, , signature] = (await credential([])).split('~')[0]!.split('.');
    const changed = Buffer.from(JSON.stringify({ ...claimsWith([family.digest]), iss: ISS })).toString('base64url');
    await assert.rejects(verify(`${header}.${changed}.${signature}~${family.encoded}~`), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    const other = await generateKeyPair('ES256');
    await assert.rejects(verifySdJwt(await credential([]), other.publicKey, { iss: ISS, typ: 'dc+sd-jwt' }), {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('checks a presentation: KB-JWT by cnf.jwk, audience, nonce, and sd_hash over what is presented', async () => {
    const presented = await credential([family.encoded]);
    const binding = { aud: 'https://verifier.example', nonce: 'n-1' };
    const verified = await verify(`${presented}${await keyBindingJwt(presented)}`, binding);
    assert.equal(verified.keyBinding?.['nonce'], 'n-1');
    assert.equal(verified.claims['family_name'], 'Mustermann');

    // A disclosure added after the holder signed: sd_hash no longer matches.
    const kb = await keyBindingJwt(presented);
    await assert.rejects(verify(`${presented}${address.encoded}~${kb}`, binding), /sd_hash/);
    await assert.rejects(verify(`${presented}${await keyBindingJwt(presented, { nonce: 'n-2' })}`, binding), /nonce/);
    await assert.rejects(verify(`${presented}${await keyBindingJwt(presented, { aud: 'https://other.example' })}`, binding), {
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    const stranger = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ iat: 1, aud: binding.aud, nonce: binding.nonce, sd_hash: 'x' })
      .setProtectedHeader({ alg: 'ES256', typ: 'kb+jwt' })
      .sign(stranger.privateKey);
    await assert.rejects(verify(`${presented}${foreign}`, binding), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    await assert.rejects(verify(`${presented}${kb}`), /without key binding ends with ~/);
    await assert.rejects(verify(presented, binding), /key binding JWT/);
  });

  describe('on a credential the platform issued', () => {
    let platform: RunningPlatform;
    let admin: AdminClient;

    before(async () => {
      platform = await startTarget();
      admin = new AdminClient(platform.baseUrl, platform.adminKey);
    });
    after(async () => platform?.stop());

    it('verifies it, and refuses it once a recursive disclosure is changed', async () => {
      const issuerId = 'verifier-check';
      const fixture = await createSdJwtIssuer(admin, {
        issuerId,
        profile: {
          selectiveDisclosure: {
            fields: {
              family_name: { sd: true },
              address: { sd: true, children: { fields: { locality: { sd: true } } } },
            },
            decoyMode: 'FIXED',
            decoys: 2,
          },
        },
      });
      const offer = await createOffer(admin, issuerId, fixture.profileId);
      const [issued] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
      const ci = `${platform.baseUrl}/issuers/${issuerId}`;
      const jwks = (await (await fetch(`${ci}/jwks`)).json()) as { keys: JWK[] };
      const verified = await verifySdJwtVc(issued!, jwks, { iss: ci });
      assert.deepEqual(verified.claims['address'], { locality: 'Berlin', country: 'DE' });
      assert.equal(verified.payload['address'], undefined);

      const [jwt, ...disclosures] = issued!.split('~').filter(Boolean);
      const index = disclosures.findIndex((d) => Buffer.from(d, 'base64url').toString().includes('"locality"'));
      assert.ok(index >= 0);
      disclosures[index] = withValue(disclosures[index]!, 'Hamburg');
      const tampered = `${jwt}~${disclosures.map((d) => `${d}~`).join('')}`;
      await assert.rejects(verifySdJwtVc(tampered, jwks, { iss: ci }), /is not referenced by the signed payload/);
    });
  });
});
