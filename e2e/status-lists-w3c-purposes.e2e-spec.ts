import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { decodeJwt, jwtVerify, type CryptoKey } from 'jose';
import { AdminClient, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createDidJwkKey, createIssuer, DEGREE_JWT_VC_ES256 } from './issuer-fixtures';
import { createOffer } from './protocol-helpers';

const target = process.env.E2E_TARGET ?? 'standalone';

interface StatusEntry {
  type: string;
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
  statusSize?: number;
  statusMessage?: { status: string; message: string }[];
}

describe(`W3C credentials with revocation + suspension lists and a Bitstring message list (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  const issuerId = 'status-purposes';
  let keyId: string;
  let issuerDid: string;
  let didKey: CryptoKey;

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    // The verifier takes the key from the did:jwk itself, not from the platform.
    ({ keyId, did: issuerDid, didKey } = await createDidJwkKey(admin));
    await createIssuer(admin, { id: issuerId, credentialConfigurations: { degree: DEGREE_JWT_VC_ES256 } });
  });
  after(async () => platform?.stop());

  async function issue(w3cVersion: '1.1' | '2.0', credentialStatus: Record<string, unknown>) {
    const profile = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: JSON.stringify(credentialStatus),
      credentialConfigurationId: 'degree',
      issuerKeyId: keyId,
      issuerDid,
      w3cVersion,
      credentialData: { credentialSubject: { degree: 'BSc' } },
      credentialStatus,
    });
    assert.equal(profile.status, 201, JSON.stringify(profile.body));
    const offer = await createOffer(admin, issuerId, profile.body.profileId);
    const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
    await jwtVerify(credential!, didKey);
    const claims = decodeJwt(credential!) as Record<string, any>;
    return { sessionId: offer.sessionId, credentialStatus: (w3cVersion === '2.0' ? claims : claims['vc']).credentialStatus };
  }

  /** The list credential's subject, after verifying its signature with the issuer DID's key. */
  async function listSubject(entry: StatusEntry) {
    const token = await (await fetch(entry.statusListCredential)).text();
    const { payload } = await jwtVerify(token, didKey);
    const list = (payload['vc'] ?? payload) as { issuer: string; credentialSubject: { statusPurpose: string; encodedList: string } };
    assert.equal(list.issuer, issuerDid);
    return list.credentialSubject;
  }

  /** A 1-bit W3C list read with @digitalbazaar (StatusList2021 has no multibase prefix). */
  async function bit(entry: StatusEntry): Promise<boolean> {
    const subject = await listSubject(entry);
    assert.equal(subject.statusPurpose, entry.statusPurpose);
    const encoded = subject.encodedList.startsWith('u') ? subject.encodedList : `u${subject.encodedList}`;
    return (await decodeList({ encodedList: encoded })).getStatus(Number(entry.statusListIndex));
  }

  const setStatus = (sessionId: string, status: string) =>
    admin.put(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/status`, { status });
  const bits = async (entries: StatusEntry[]) => Promise.all(entries.map(bit));
  const expectBits = (entries: StatusEntry[], expected: boolean[]) =>
    waitFor(`lists show ${expected}`, async () => JSON.stringify(await bits(entries)) === JSON.stringify(expected));

  it('gives a credential a revocation and a suspension entry; suspend, reinstate and revoke reach the right list', async () => {
    for (const [type, w3cVersion, entryType] of [
      ['BitstringStatusList', '2.0', 'BitstringStatusListEntry'],
      ['StatusList2021', '1.1', 'StatusList2021Entry'],
    ] as const) {
      const { sessionId, credentialStatus } = await issue(w3cVersion, { type, purpose: ['revocation', 'suspension'] });
      const entries = credentialStatus as StatusEntry[];
      assert.ok(Array.isArray(entries) && entries.length === 2, JSON.stringify(credentialStatus));
      assert.deepEqual(
        entries.map((e) => [e.type, e.statusPurpose]),
        [
          [entryType, 'revocation'],
          [entryType, 'suspension'],
        ],
      );
      assert.notEqual(entries[0]!.statusListCredential, entries[1]!.statusListCredential, 'one list per purpose');
      assert.deepEqual(await bits(entries), [false, false]);

      const suspended = await setStatus(sessionId, 'SUSPENDED');
      assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
      const view = suspended.body.credentials[0].status;
      assert.equal(view.value, 'SUSPENDED');
      assert.deepEqual(
        view.entries.map((e: { purpose: string; index: number }) => [e.purpose, String(e.index)]),
        entries.map((e) => [e.statusPurpose, e.statusListIndex]),
      );
      await expectBits(entries, [false, true]);
      assert.equal((await setStatus(sessionId, 'VALID')).status, 200);
      await expectBits(entries, [false, false]);
      assert.equal((await setStatus(sessionId, 'REVOKED')).status, 200);
      await expectBits(entries, [true, false]);
      const refused = await setStatus(sessionId, 'SUSPENDED');
      assert.equal(refused.status, 409);
      assert.match(refused.body.detail, /revocation is final/);
    }
  });

  it('puts VALID, REVOKED and SUSPENDED in one Bitstring message list with statusSize 2 and statusMessage', async () => {
    const { sessionId, credentialStatus } = await issue('2.0', { type: 'BitstringStatusList', purpose: 'message' });
    const entry = credentialStatus as StatusEntry;
    assert.equal(entry.statusPurpose, 'message');
    assert.equal(entry.statusSize, 2);
    assert.equal(entry.statusMessage?.length, 4, '2^statusSize messages');
    // Independent reader (the @digitalbazaar decoder is 1-bit only): multibase u, gunzip, MSB-first, 2 bits.
    const message = async () => {
      const subject = await listSubject(entry);
      assert.equal(subject.statusPurpose, 'message');
      const bytes = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
      assert.ok(bytes.length * 8 >= 131_072 * 2, 'at least 131,072 entries of 2 bits');
      const position = Number(entry.statusListIndex) * 2;
      const value = (bytes[position >> 3]! >> (6 - (position & 7))) & 0b11;
      return entry.statusMessage!.find((m) => Number.parseInt(m.status, 16) === value)!.message;
    };
    assert.equal(await message(), 'valid');
    assert.equal((await setStatus(sessionId, 'SUSPENDED')).status, 200);
    await waitFor('suspended', async () => (await message()) === 'suspended');
    assert.equal((await setStatus(sessionId, 'REVOKED')).status, 200);
    await waitFor('revoked', async () => (await message()) === 'revoked');
    assert.equal((await setStatus(sessionId, 'VALID')).status, 409);
  });

  it('refuses purposes a mechanism cannot hold, naming the field', async () => {
    for (const credentialStatus of [
      { type: 'StatusList2021', purpose: 'message' },
      { type: 'BitstringStatusList', purpose: ['revocation', 'revocation'] },
      { type: 'BitstringStatusList', purpose: 'revocation', statusMessage: [{ status: '0x0', message: 'ok' }] },
    ]) {
      const response = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
        name: 'bad',
        credentialConfigurationId: 'degree',
        issuerKeyId: keyId,
        issuerDid,
        credentialData: {},
        credentialStatus,
      });
      assert.equal(response.status, 400, JSON.stringify(credentialStatus));
      assert.ok(
        response.body.errors.every((e: { path: string }) => e.path.startsWith('credentialStatus.')),
        JSON.stringify(response.body.errors),
      );
    }
  });
});
