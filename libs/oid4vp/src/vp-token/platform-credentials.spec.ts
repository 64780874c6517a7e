import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, sign } from 'node:crypto';
import { issueSdJwtVc, issueW3cVc } from '@issuer/credentials';
import { newKey, sdJwtVc, type TestKey } from '../test-support/holder.helper';
import { CLIENT_ID, NONCE, NOW, nowSeconds, PID_QUERY, VCT } from '../test-support/sd-jwt.fixture';
import { DEGREE_QUERY, party, vp11 } from '../test-support/w3c.fixture';
import { verifyVpTokenResponse } from './vp-token.verifier';

/** The platform's issuance callbacks, as the KMS would answer them (ES256, JOSE signature form). */
function platformCallbacks(key: TestKey) {
  return {
    sign: async (signingInput: string) =>
      sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'),
    hash: (data: string) => new Uint8Array(createHash('sha256').update(data).digest()),
    randomBytes: (n: number) => new Uint8Array(randomBytes(n)),
  };
}

describe('credentials issued by this platform (@issuer/credentials), presented by an independent holder', () => {
  it('verifies an SD-JWT VC with nested selective disclosure and random decoys', async () => {
    const [issuerKey, holderKey] = [await newKey(), await newKey('EdDSA')];
    const credential = await issueSdJwtVc(
      {
        header: { alg: 'ES256', kid: 'issuer-key-1' },
        payload: {
          vct: VCT,
          iss: 'https://issuer.example/issuers/acme',
          iat: nowSeconds - 10,
          exp: nowSeconds + 3600,
          cnf: { jwk: holderKey.publicJwk },
          given_name: 'Erika',
          family_name: 'Mustermann',
          address: { locality: 'Berlin', postal_code: '10557' },
        },
        selectiveDisclosure: {
          fields: {
            given_name: { sd: true },
            family_name: { sd: true },
            address: { sd: true, children: { fields: { locality: { sd: true }, postal_code: { sd: true } } } },
          },
          decoyMode: 'RANDOM',
          decoys: 3,
        },
      },
      platformCallbacks(issuerKey),
    );
    const presentation = await sdJwtVc(issuerKey, holderKey).present(
      credential,
      { given_name: true, address: { locality: true } } as never,
      {
        kb: { payload: { aud: CLIENT_ID, nonce: NONCE, iat: nowSeconds } },
      },
    );
    const result = await verifyVpTokenResponse(
      { pid: [presentation] },
      {
        dcqlQuery: PID_QUERY,
        clientId: CLIENT_ID,
        nonce: NONCE,
        now: NOW,
        trustedIssuers: [{ ...issuerKey.publicJwk, kid: 'issuer-key-1' }],
      },
    );
    assert.ok(result.verified, JSON.stringify(result));
    if (result.verified) {
      assert.equal(result.claims['pid']!['given_name'], 'Erika');
      assert.deepEqual(result.claims['pid']!['address'], { locality: 'Berlin' });
    }
  });

  it('verifies a VCDM 1.1 jwt_vc_json credential about the holder DID inside a did-jwt-vc presentation', async () => {
    const [issuer, holder] = [await party(), await party()];
    const credential = await issueW3cVc(
      {
        version: '1.1',
        header: { alg: 'ES256', kid: issuer.kid },
        credential: { type: ['VerifiableCredential', 'UniversityDegreeCredential'], credentialSubject: { given_name: 'Erika' } },
        issuer: issuer.did,
        subjectId: holder.did,
        issuedAt: new Date(NOW.getTime() - 10_000),
      },
      platformCallbacks(issuer.key),
    );
    const result = await verifyVpTokenResponse(
      { degree: [await vp11(holder, [credential])] },
      { dcqlQuery: DEGREE_QUERY, clientId: CLIENT_ID, nonce: NONCE, now: NOW, trustedIssuers: [issuer.did] },
    );
    assert.ok(result.verified, JSON.stringify(result));
    if (result.verified) assert.equal(result.claims['degree']!['id'], holder.did);
  });
});
