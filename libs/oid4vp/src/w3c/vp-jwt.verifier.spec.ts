import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createList } from '@digitalbazaar/vc-bitstring-status-list';
import { didKeyOf, newKey, signJws } from '../test-support/holder.helper';
import { CLIENT_ID, NONCE, NOW, nowSeconds } from '../test-support/sd-jwt.fixture';
import { DEGREE_QUERY, party, vc11, vc20, vp11, vp20, type Party } from '../test-support/w3c.fixture';
import { verifyVpTokenResponse, type VpTokenVerificationOptions } from '../vp-token/vp-token.verifier';

function optionsFor(issuer: Party, extra: Partial<VpTokenVerificationOptions> = {}): VpTokenVerificationOptions {
  return { dcqlQuery: DEGREE_QUERY, clientId: CLIENT_ID, nonce: NONCE, now: NOW, trustedIssuers: [issuer.did], ...extra };
}

async function outcome(vpToken: unknown, options: VpTokenVerificationOptions) {
  const result = await verifyVpTokenResponse(vpToken, options);
  return result.verified ? 'verified' : `${result.error}/${result.reason}`;
}

describe('verifyVpTokenResponse with jwt_vc_json', () => {
  it('accepts a VCDM 1.1 VP JWT from did-jwt-vc and returns the credentialSubject as claims', async () => {
    const [issuer, holder] = [await party(), await party()];
    const vpToken = { degree: [await vp11(holder, [await vc11(issuer, holder.did)])] };
    const result = await verifyVpTokenResponse(vpToken, optionsFor(issuer));
    assert.ok(result.verified, JSON.stringify(result));
    if (result.verified) {
      assert.equal(result.claims['degree']!['given_name'], 'Erika');
      assert.equal(result.claims['degree']!['id'], holder.did);
      assert.deepEqual(result.claims['degree']!['degree'], { type: 'BachelorDegree', name: 'Physics' });
    }
  });

  it('accepts the VCDM 2.0 shape (vc+jwt enveloped in the VP) and a did:key holder', async () => {
    const issuer = await party();
    const holderKey = await newKey();
    const holderDid = didKeyOf(holderKey.publicJwk);
    const holder = { key: holderKey, did: holderDid, kid: `${holderDid}#${holderDid.slice(8)}` };
    assert.equal(await outcome({ degree: [await vp20(holder, [await vc20(issuer, holderDid)])] }, optionsFor(issuer)), 'verified');
  });

  it('trusts an issuer JWK with any iss, and a did:web issuer through resolveDidKeys', async () => {
    const [issuer, holder] = [await party(), await party()];
    const vpToken = { degree: [await vp11(holder, [await vc11(issuer, holder.did)])] };
    assert.equal(await outcome(vpToken, optionsFor(issuer, { trustedIssuers: [issuer.key.publicJwk] })), 'verified');
    const web = { ...issuer, did: 'did:web:university.example', kid: 'did:web:university.example#k1' };
    const resolveDidKeys = async () => [issuer.key.publicJwk as Record<string, unknown>];
    const webToken = { degree: [await vp11(holder, [await vc11(web, holder.did)])] };
    assert.equal(await outcome(webToken, optionsFor(web, { resolveDidKeys })), 'verified');
  });

  it('refuses a wrong nonce or audience and a VP signed by another key than its kid', async () => {
    const [issuer, holder, other] = [await party(), await party(), await party()];
    const credential = await vc11(issuer, holder.did);
    assert.equal(
      await outcome({ degree: [await vp11(holder, [credential], { nonce: 'old' })] }, optionsFor(issuer)),
      'invalid_request/nonce_mismatch',
    );
    assert.equal(
      await outcome({ degree: [await vp11(holder, [credential], { aud: 'https://rp.example' })] }, optionsFor(issuer)),
      'invalid_request/audience_mismatch',
    );
    const impostor = { ...other, did: holder.did, kid: holder.kid };
    assert.equal(await outcome({ degree: [await vp11(impostor, [credential])] }, optionsFor(issuer)), 'invalid_request/invalid_signature');
  });

  it("refuses someone else's credential (holder binding), an untrusted issuer and an expired credential", async () => {
    const [issuer, holder, victim] = [await party(), await party(), await party()];
    assert.equal(
      await outcome({ degree: [await vp11(holder, [await vc11(issuer, victim.did)])] }, optionsFor(issuer)),
      'invalid_request/holder_binding_invalid',
    );
    const stranger = await party();
    assert.equal(
      await outcome({ degree: [await vp11(holder, [await vc11(stranger, holder.did)])] }, optionsFor(issuer)),
      'access_denied/untrusted_issuer',
    );
    const expired = await vc11(issuer, holder.did, { exp: nowSeconds - 3600 });
    assert.equal(await outcome({ degree: [await vp11(holder, [expired])] }, optionsFor(issuer)), 'invalid_request/expired');
  });

  it('accepts a VP signed with a jwk header when iss is the did:jwk of that key, and refuses another iss', async () => {
    const [issuer, holder, other] = [await party(), await party(), await party()];
    const credential = await vc11(issuer, holder.did);
    const vpJwt = (iss: string) =>
      signJws(
        holder.key,
        { typ: 'JWT', jwk: holder.key.publicJwk },
        {
          iss,
          aud: CLIENT_ID,
          nonce: NONCE,
          iat: nowSeconds,
          vp: {
            '@context': ['https://www.w3.org/2018/credentials/v1'],
            type: ['VerifiablePresentation'],
            verifiableCredential: [credential],
          },
        },
      );
    assert.equal(await outcome({ degree: [await vpJwt(holder.did)] }, optionsFor(issuer)), 'verified');
    assert.equal(await outcome({ degree: [await vpJwt(other.did)] }, optionsFor(issuer)), 'invalid_request/subject_mismatch');
  });

  it('refuses a credential of another type (DCQL type_values)', async () => {
    const [issuer, holder] = [await party(), await party()];
    const other = await vc11(issuer, holder.did, {}, { type: ['VerifiableCredential', 'LibraryCard'] });
    assert.equal(await outcome({ degree: [await vp11(holder, [other])] }, optionsFor(issuer)), 'access_denied/dcql_not_satisfied');
  });

  it('refuses a credential revoked in its Bitstring Status List', async () => {
    const [issuer, holder] = [await party(), await party()];
    const uri = 'https://university.example/status/3';
    const list = await createList({ length: 131_072 });
    list.setStatus(94_567, true);
    const encodedList = await list.encode();
    const listCredential = await signJws(
      issuer.key,
      { typ: 'vc+jwt', kid: issuer.kid },
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: issuer.did,
        id: uri,
        credentialSubject: { id: `${uri}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
      },
    );
    const status = (index: number) => ({
      id: `${uri}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: uri,
    });
    const fetchStatusList = async (at: string) => (at === uri ? listCredential : Promise.reject(new Error('404')));
    const revoked = await vc20(issuer, holder.did, { credentialStatus: status(94_567) });
    const valid = await vc20(issuer, holder.did, { credentialStatus: status(94_568) });
    assert.equal(
      await outcome({ degree: [await vp20(holder, [revoked])] }, optionsFor(issuer, { fetchStatusList })),
      'access_denied/credential_revoked',
    );
    assert.equal(await outcome({ degree: [await vp20(holder, [valid])] }, optionsFor(issuer, { fetchStatusList })), 'verified');
    assert.equal(
      await outcome({ degree: [await vp20(holder, [valid])] }, optionsFor(issuer)),
      'temporarily_unavailable/status_unavailable',
    );
  });
});
