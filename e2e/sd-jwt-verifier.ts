import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { importJWK, jwtVerify, type JWK } from 'jose';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';

/**
 * Verifies an issued SD-JWT VC with independent libraries only: jose for the issuer signature (key from
 * the issuer's public JWKS by kid), @sd-jwt/sd-jwt-vc for the disclosures, plus hand-computed digests.
 */
export async function verifySdJwtVc(credential: string, jwks: { keys: JWK[] }, expected: { iss: string }) {
  assert.ok(credential.endsWith('~'), 'an issued SD-JWT ends with ~ (no key binding JWT)');
  const [jwt, ...disclosures] = credential.split('~').filter(Boolean);
  const header = JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `kid ${header.kid} is published in the issuer JWKS`);
  const key = await importJWK(jwk, header.alg);
  const { payload, protectedHeader } = await jwtVerify(jwt, key, { typ: 'dc+sd-jwt', issuer: expected.iss });
  assert.equal(protectedHeader.typ, 'dc+sd-jwt');
  const digests = new Set<string>(
    JSON.stringify(payload)
      .match(/"[A-Za-z0-9_-]{43}"/g)
      ?.map((d) => d.slice(1, -1)) ?? [],
  );
  for (const disclosure of disclosures) {
    const digest = createHash('sha256').update(disclosure, 'ascii').digest('base64url');
    assert.ok(digests.has(digest), 'every disclosure digest is in the signed payload');
  }
  const sdjwt = new SDJwtVcInstance({
    hasher: (data: string | ArrayBuffer) =>
      createHash('sha256')
        .update(typeof data === 'string' ? data : Buffer.from(data))
        .digest(),
    verifier: async (data: string, signature: string) => {
      try {
        await jwtVerify(`${data}.${signature}`, key);
        return true;
      } catch {
        return false;
      }
    },
  });
  const verified = await sdjwt.verify(credential);
  return { payload: payload as Record<string, any>, header: protectedHeader, claims: verified.payload as Record<string, any>, disclosures };
}
