import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { verifySDJWT } from '@meeco/sd-jwt';
import { decodeProtectedHeader, jwtVerify, type CryptoKey } from 'jose';
import { AdminClient, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createDidJwkKey, createIssuer, DEGREE_JWT_VC_ES256 } from './issuer-fixtures';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

interface BitstringStatusListEntry {
  id: string;
  type: string;
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
}

/**
 * Bitstring Status List v1.0 §3.2 read by hand (nothing of the platform's status-list code): `encodedList` is the
 * multibase base64url (`u`, no padding) of the GZIP-compressed bitstring; index 0 is the left-most bit of the first
 * byte; a list has at least 131,072 entries (§2.2 / §6.1 herd privacy).
 */
function bitAt(encodedList: string, index: number): number {
  assert.equal(encodedList[0], 'u', 'multibase base64url');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  assert.ok(bits.length * 8 >= 131_072, `at least 131,072 entries, got ${bits.length * 8}`);
  return (bits[index >> 3]! >> (7 - (index & 7))) & 1;
}

/**
 * A W3C VCDM 2.0 credential secured as SD-JWT (`vc+sd-jwt`, API.md §4) with a Bitstring Status List entry: the entry
 * is signed (not a disclosure), the list it points to is a `vc+jwt` of the same issuer DID, and revoking the
 * credential through the admin API sets its bit and no other.
 */
describe(`W3C SD-JWT credential (vc+sd-jwt) with a Bitstring Status List (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let issuerDid: string;
  let didKey: CryptoKey;
  let profileId: string;
  const issuerId = 'w3c-sd-status';

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    // The verifier takes the key from the did:jwk itself (did:jwk §2.3), not from the platform.
    const issuerKey = await createDidJwkKey(admin);
    ({ did: issuerDid, didKey } = issuerKey);
    await createIssuer(admin, { id: issuerId, credentialConfigurations: { degree: DEGREE_JWT_VC_ES256 } });
    const profile = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: 'Degree',
      credentialConfigurationId: 'degree',
      issuerKeyId: issuerKey.keyId,
      issuerDid,
      w3cVersion: '2.0',
      credentialData: { credentialSubject: { name: 'Erika', degree: { name: 'BSc' } } },
      selectiveDisclosure: { fields: { credentialSubject: { sd: false, children: { fields: { degree: { sd: true } } } } } },
      credentialStatus: { type: 'BitstringStatusList', purpose: 'revocation' },
    });
    assert.equal(profile.status, 201, JSON.stringify(profile.body));
    profileId = profile.body.profileId;
  });
  after(async () => platform?.stop());

  /** Issues one credential and verifies it as an SD-JWT with @meeco/sd-jwt and jose against the DID's key. */
  async function issue() {
    const offer = await createOffer(admin, issuerId, profileId);
    const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
    const [jwt] = credential!.split('~');
    const header = decodeProtectedHeader(jwt!);
    assert.deepEqual([header.typ, header.alg], ['vc+sd-jwt', 'ES256']);
    assert.equal(String(header.kid).split('#')[0], issuerDid);
    const sha256 = (data: string) => createHash('sha256').update(data).digest('base64url');
    const claims = (await verifySDJWT(
      credential!,
      async (token) => Boolean(await jwtVerify(token, didKey, { typ: 'vc+sd-jwt' })),
      async () => sha256,
    )) as Record<string, any>;
    assert.equal(claims['issuer'], issuerDid);
    assert.deepEqual(claims['credentialSubject'].degree, { name: 'BSc' }, 'the disclosure');
    const signed = JSON.parse(Buffer.from(jwt!.split('.')[1]!, 'base64url').toString()) as Record<string, any>;
    assert.equal(signed['credentialSubject'].degree, undefined, 'degree is selectively disclosable');
    // The status entry is in the signed payload: a holder cannot leave it out.
    assert.deepEqual(signed['credentialStatus'], claims['credentialStatus']);
    return { sessionId: offer.sessionId, entry: signed['credentialStatus'] as BitstringStatusListEntry };
  }

  /** Fetches the list credential, verifies it against the issuer DID's key, and reads one bit. */
  async function statusBit(entry: BitstringStatusListEntry): Promise<number> {
    const response = await fetch(entry.statusListCredential);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/vc\+jwt/);
    const { payload, protectedHeader } = await jwtVerify(await response.text(), didKey, { typ: 'vc+jwt' });
    assert.equal(protectedHeader.kid?.split('#')[0], issuerDid);
    const list = payload as Record<string, any>;
    assert.deepEqual(list['type'], ['VerifiableCredential', 'BitstringStatusListCredential']);
    assert.equal(list['issuer'], issuerDid);
    assert.equal(list['id'], entry.statusListCredential);
    assert.equal(list['credentialSubject'].type, 'BitstringStatusList');
    assert.equal(list['credentialSubject'].statusPurpose, entry.statusPurpose);
    return bitAt(list['credentialSubject'].encodedList, Number(entry.statusListIndex));
  }

  it('carries a BitstringStatusListEntry; revoking through the admin API flips its bit in the list, and only its bit', async () => {
    const first = await issue();
    const second = await issue();
    for (const { entry } of [first, second]) {
      assert.equal(entry.type, 'BitstringStatusListEntry');
      assert.equal(entry.statusPurpose, 'revocation');
      assert.match(entry.statusListIndex, /^\d+$/, 'a string of base-10 digits (§2.1)');
      assert.equal(entry.id, `${entry.statusListCredential}#${entry.statusListIndex}`);
      assert.equal(await statusBit(entry), 0, 'valid when issued');
    }
    assert.equal(second.entry.statusListCredential, first.entry.statusListCredential, 'one list');
    assert.notEqual(second.entry.statusListIndex, first.entry.statusListIndex);

    const revoked = await admin.put(`/api/v1/issuers/${issuerId}/sessions/${first.sessionId}/status`, { status: 'REVOKED' });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const view = revoked.body.credentials[0].status;
    assert.deepEqual(
      [view.type, view.uri, String(view.index), view.value],
      ['BitstringStatusList', first.entry.statusListCredential, first.entry.statusListIndex, 'REVOKED'],
    );
    await waitFor('the revoked bit in the published list', async () => (await statusBit(first.entry)) === 1);
    assert.equal(await statusBit(second.entry), 0, 'the other credential stays valid');
  });
});
