import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { signStatusListCwt, signStatusListToken, TokenStatus, TokenStatusArray, type StatusListTokenRequest } from '@issuer/status-list';
import { verifyMdocDeviceResponse } from './device-response.verifier';
import { createHolderKey, createTestPki, DAY, HolderKey, TestPki } from './test-support/mdoc-test-pki';
import { issueWithPlatform, OwfWallet, presentWithOwf } from './test-support/mdoc-wallet.helper';
import { loadOwf, owfContext } from '@issuer/testing';

const REQUEST = {
  clientId: 'https://issuer.example/issuers/acme',
  nonce: 'status-nonce',
  responseUri: 'https://issuer.example/issuers/acme/direct_post',
};
const LIST_URI = 'https://issuer.example/status-lists/1';
const VALID_IDX = 7;
const REVOKED_IDX = 8;
const SUSPENDED_IDX = 9;

/** A list as the platform's status-list service publishes it (@issuer/status-list), signed with `pki`'s DS key. */
function listRequest(pki: TestPki, options: { uri?: string; x5c?: boolean; expiresAt?: Date } = {}): StatusListTokenRequest {
  const list = new TokenStatusArray(64, 2);
  list.set(REVOKED_IDX, TokenStatus.INVALID);
  list.set(SUSPENDED_IDX, TokenStatus.SUSPENDED);
  return {
    list,
    uri: options.uri ?? LIST_URI,
    alg: 'ES256',
    issuedAt: new Date(),
    expiresAt: options.expiresAt ?? new Date(Date.now() + DAY),
    ...(options.x5c ? { x5c: pki.chain.slice(0, 1).map((der) => Buffer.from(der).toString('base64')) } : {}),
  };
}

const cwt = async (pki: TestPki, options?: Parameters<typeof listRequest>[1]) =>
  Buffer.from(await signStatusListCwt(listRequest(pki, options), pki.signWithDs)).toString('base64url');
const jwt = (pki: TestPki, options?: Parameters<typeof listRequest>[1]) =>
  signStatusListToken(listRequest(pki, options), async (input) =>
    sign('sha256', Buffer.from(input), { key: pki.dsPrivateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'),
  );

describe('verifyMdocDeviceResponse: Token Status List referenced from the MSO', () => {
  let wallet: OwfWallet;
  let pki: TestPki;
  let holder: HolderKey;
  const presentations = new Map<number, string>();

  before(async () => {
    const owf = await loadOwf();
    wallet = { owf, ctx: owfContext(owf) as never };
    pki = await createTestPki('Status');
    holder = createHolderKey();
    for (const idx of [VALID_IDX, REVOKED_IDX, SUSPENDED_IDX]) {
      const credential = await issueWithPlatform(pki, holder, { status: { status_list: { idx, uri: LIST_URI } } });
      presentations.set(idx, await presentWithOwf(wallet, credential, holder, REQUEST, ['family_name']));
    }
  });

  const verify = (idx: number, fetchStatusList?: (uri: string) => Promise<string>, trusted = [pki.iacaPem]) =>
    verifyMdocDeviceResponse(presentations.get(idx)!, { ...REQUEST, trustedCertificates: trusted }, { fetchStatusList });

  for (const form of ['CWT', 'JWT'] as const) {
    const token = (p: TestPki, options?: Parameters<typeof listRequest>[1]) => (form === 'CWT' ? cwt(p, options) : jwt(p, options));

    it(`${form}: a valid entry passes, fetched from the MSO's uri`, async () => {
      const fetched: string[] = [];
      const result = await verify(VALID_IDX, async (uri) => (fetched.push(uri), token(pki)));
      assert.ok(result.verified, result.verified ? '' : result.description);
      assert.deepEqual(fetched, [LIST_URI]);
    });

    it(`${form}: a revoked or suspended entry is refused`, async () => {
      for (const [idx, word] of [
        [REVOKED_IDX, /INVALID/],
        [SUSPENDED_IDX, /SUSPENDED/],
      ] as const) {
        const result = await verify(idx, () => token(pki));
        assert.equal(result.verified, false);
        if (!result.verified) {
          assert.equal(result.reason, 'credential_revoked');
          assert.equal(result.error, 'access_denied');
          assert.match(result.description, word);
        }
      }
    });

    it(`${form}: a list signed by a Document Signer of an untrusted IACA is refused`, async () => {
      const stranger = await createTestPki('Stranger');
      for (const x5c of [false, true]) {
        const result = await verify(VALID_IDX, () => token(stranger, { x5c }));
        assert.equal(result.verified, false);
        if (!result.verified) assert.equal(result.reason, 'status_check_failed', result.description);
      }
    });

    it(`${form}: a list carrying a certificate chain to the trusted IACA is accepted`, async () => {
      const result = await verify(VALID_IDX, () => token(pki, { x5c: true }));
      assert.ok(result.verified, result.verified ? '' : result.description);
    });

    it(`${form}: a list published for another URI, or expired, is refused`, async () => {
      for (const options of [{ uri: 'https://issuer.example/status-lists/2' }, { expiresAt: new Date(Date.now() - 1000) }]) {
        const result = await verify(VALID_IDX, () => token(pki, options));
        assert.equal(result.verified, false);
        if (!result.verified) assert.equal(result.reason, 'status_check_failed', result.description);
      }
    });
  }

  it('fails closed when the list cannot be fetched or read', async () => {
    for (const fetch of [() => Promise.reject(new Error('ECONNREFUSED')), () => Promise.resolve('<html>'), () => Promise.resolve('AAAA')]) {
      const result = await verify(VALID_IDX, fetch);
      assert.equal(result.verified, false);
      if (!result.verified) assert.equal(result.reason, 'status_check_failed', result.description);
    }
  });

  it('does not check the status without a fetchStatusList callback', async () => {
    const result = await verify(REVOKED_IDX);
    assert.ok(result.verified);
  });
});
