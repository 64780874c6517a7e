import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { verifySDJWT } from '@meeco/sd-jwt';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTHeaderParameters, type KeyInput } from 'jose';
import { unpackDisclosures } from './sd-jwt-disclosures';

type Json = Record<string, any>;

export interface VerifiedSdJwt {
  /** The signed payload, digests and all. */
  payload: Json;
  header: JWTHeaderParameters;
  /** The payload with every disclosure in place. */
  claims: Json;
  /** The disclosures as sent (base64url). */
  disclosures: string[];
  /** The key binding JWT's payload, when the SD-JWT is a presentation. */
  keyBinding?: Json;
}

/**
 * Verifies an SD-JWT with libraries the issuer does not use: `jose` for the signatures, the digests computed here
 * (`unpackDisclosures`), and `@meeco/sd-jwt` as a second implementation that must unpack the same claims. With
 * `keyBinding` the SD-JWT must be a presentation whose KB-JWT (`typ: kb+jwt`) is signed by `cnf.jwk`, names the
 * audience and nonce, and carries `sd_hash` over the SD-JWT as presented (RFC 9901 §4.3); without it, it must have none.
 */
export async function verifySdJwt(
  sdJwt: string,
  key: KeyInput,
  expected: { iss: string; typ: string; keyBinding?: { aud: string; nonce: string } },
): Promise<VerifiedSdJwt> {
  const parts = sdJwt.split('~');
  assert.ok(parts.length >= 2, 'an SD-JWT has at least one ~');
  const [jwt, ...rest] = parts;
  const kbJwt = rest.pop()!;
  const disclosures = rest;
  assert.ok(
    disclosures.every((d) => d.length > 0),
    'no empty disclosure',
  );
  const { payload, protectedHeader } = await jwtVerify(jwt!, key, { typ: expected.typ, issuer: expected.iss });
  const claims = unpackDisclosures(payload as Json, disclosures);

  const hasher = (data: string) => createHash('sha256').update(data).digest('base64url');
  const second = await verifySDJWT(
    sdJwt,
    async (token) => Boolean(await jwtVerify(token, key)),
    async () => hasher,
  );
  assert.deepEqual(second, claims, '@meeco/sd-jwt unpacks the same claims');

  let keyBinding: Json | undefined;
  if (expected.keyBinding) {
    assert.ok(kbJwt, 'a presentation ends with a key binding JWT');
    const holder = (payload as Json)['cnf']?.jwk as JWK | undefined;
    assert.ok(holder, 'the SD-JWT binds a holder key (cnf.jwk)');
    const { alg } = decodeProtectedHeader(kbJwt);
    const verified = await jwtVerify(kbJwt, await importJWK(holder, alg), {
      typ: 'kb+jwt',
      audience: expected.keyBinding.aud,
      requiredClaims: ['iat', 'nonce', 'sd_hash'],
    });
    assert.equal(verified.payload['nonce'], expected.keyBinding.nonce, 'the KB-JWT answers this nonce');
    const presented = sdJwt.slice(0, sdJwt.length - kbJwt.length);
    assert.equal(verified.payload['sd_hash'], hasher(presented), 'sd_hash covers the issuer JWT and the disclosures presented');
    keyBinding = verified.payload as Json;
  } else assert.equal(kbJwt, '', 'an SD-JWT without key binding ends with ~');
  return { payload: payload as Json, header: protectedHeader, claims, disclosures, keyBinding };
}

/** Verifies an issued SD-JWT VC (`dc+sd-jwt`, no key binding) with the issuer key found by `kid` in its public JWKS. */
export async function verifySdJwtVc(credential: string, jwks: { keys: JWK[] }, expected: { iss: string }): Promise<VerifiedSdJwt> {
  assert.ok(credential.endsWith('~'), 'an issued SD-JWT ends with ~ (no key binding JWT)');
  const header = decodeProtectedHeader(credential.split('~')[0]!);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `kid ${header.kid} is published in the issuer JWKS`);
  return verifySdJwt(credential, await importJWK(jwk, header.alg), { iss: expected.iss, typ: 'dc+sd-jwt' });
}
