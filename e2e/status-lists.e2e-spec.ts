import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { AdminClient, createSdJwtIssuer, SseReader, startTarget, TestWallet, waitFor, type RunningPlatform } from '@issuer/testing';
import { createDidJwkKey, createIssuer, DEGREE_JWT_VC_ES256 } from './issuer-fixtures';
import { createOffer } from './protocol-helpers';
import { verifySdJwtVc } from './sd-jwt-verifier';

const target = process.env.E2E_TARGET ?? 'standalone';

describe(`credential status lists (${target})`, () => {
  let platform: RunningPlatform;
  let admin: AdminClient;
  let fixture: Awaited<ReturnType<typeof createSdJwtIssuer>>;
  const issuerId = 'status-acme';

  before(async () => {
    platform = await startTarget();
    admin = new AdminClient(platform.baseUrl, platform.adminKey);
    fixture = await createSdJwtIssuer(admin, {
      issuerId,
      batchSize: 2,
      profile: { credentialStatus: { type: 'TokenStatusList', purpose: 'suspension' } },
    });
  });
  after(async () => platform?.stop());

  const credentialIssuer = () => `${platform.baseUrl}/issuers/${issuerId}`;
  const jwks = async () => (await (await fetch(`${credentialIssuer()}/jwks`)).json()) as { keys: JWK[] };

  /** Fetches the list, verifies its signature against the issuer's published keys and reads one index. */
  async function statusAt(uri: string, idx: number): Promise<{ status: number; etag: string; response: Response }> {
    const response = await fetch(uri, { headers: { accept: 'application/statuslist+jwt' } });
    assert.equal(response.status, 200);
    const token = await response.text();
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(await jwks()), { typ: 'statuslist+jwt' });
    assert.equal(payload.sub, uri, 'sub equals the uri in the credential');
    assert.equal(payload.iss, credentialIssuer());
    assert.ok(protectedHeader.kid);
    return { status: getListFromStatusListJWT(token).getStatus(idx), etag: response.headers.get('etag')!, response };
  }

  /**
   * A conditional GET with the list's ETag answers 304. The publisher may re-sign the list between two reads (a
   * change of an earlier test reaching its publish interval; every signature has a new `iat`), so a 200 is
   * accepted only with a different ETag, and the new one must then revalidate.
   */
  async function assertRevalidates(uri: string, etag: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const cached = await fetch(uri, { headers: { accept: 'application/statuslist+jwt', 'if-none-match': etag } });
      if (cached.status === 304) return;
      assert.equal(cached.status, 200);
      const fresh = cached.headers.get('etag')!;
      assert.notEqual(fresh, etag, 'a 200 to a conditional GET carries a new token');
      etag = fresh;
    }
    assert.fail(`${uri} never answered 304 to its own ETag`);
  }

  async function issue(): Promise<{ sessionId: string; status: { idx: number; uri: string }[] }> {
    const offer = await createOffer(admin, issuerId, fixture.profileId);
    const result = await new TestWallet().preAuthorizedFlow(offer.credentialOffer, { proofCount: 2 });
    const keys = await jwks();
    const status = [];
    for (const credential of result.credentials) {
      const { payload } = await verifySdJwtVc(credential, keys as { keys: any[] }, { iss: credentialIssuer() });
      status.push(payload.status.status_list);
    }
    return { sessionId: offer.sessionId, status };
  }

  const setStatusOf = (issuer: string, path: string, status: string) => admin.put(`/api/v1/issuers/${issuer}/${path}/status`, { status });
  const setStatus = (path: string, status: string) => setStatusOf(issuerId, path, status);
  const eventually = (uri: string, idx: number, expected: number) =>
    waitFor(`status ${expected} at index ${idx}`, async () => (await statusAt(uri, idx)).status === expected);

  it('racing status changes of one session leave the session view on the value the status list holds (never an older one)', async () => {
    const { sessionId, status } = await issue();
    const raw: Record<string, number> = { VALID: 0, REVOKED: 1, SUSPENDED: 2 };
    for (let round = 0; round < 3; round++) {
      // Sent together through every edge (both replicas in the distributed mode), alternating values.
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const edge = platform.edges[i % platform.edges.length];
          return new AdminClient(edge, platform.adminKey).put(`/api/v1/issuers/${issuerId}/sessions/${sessionId}/status`, {
            status: i % 2 ? 'VALID' : 'SUSPENDED',
          });
        }),
      );
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
      const view = (await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`)).body;
      const values = view.credentials.map((c: any) => c.status.value);
      assert.equal(new Set(values).size, 1, 'one session-wide change at a time');
      assert.equal(view.credentials[0].statusRevision, undefined, 'the revision stays internal');
      // The published lists converge on the truth; the session view must already be it.
      for (const entry of status) await eventually(entry.uri, entry.idx, raw[values[0]]);
    }
  });

  it('embeds status_list {idx, uri} in the SD-JWT VC, serves a signed list showing 0, and revocation shows 1', async () => {
    const { sessionId, status } = await issue();
    assert.equal(status.length, 2);
    const [first, second] = status;
    assert.ok(Number.isInteger(first.idx) && first.idx >= 0);
    assert.match(first.uri, new RegExp(`^${platform.baseUrl}/status-lists/[0-9a-f-]{36}$`));
    assert.notDeepEqual(first, second, 'each credential has its own entry');

    const listed = await statusAt(first.uri, first.idx);
    assert.equal(listed.status, 0);
    assert.equal(listed.response.headers.get('content-type'), 'application/statuslist+jwt');
    assert.match(listed.response.headers.get('cache-control') ?? '', /max-age=300/);
    await assertRevalidates(first.uri, listed.etag);

    const session = await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`);
    const credential = session.body.credentials.find((c: any) => c.status.index === first.idx);
    assert.deepEqual(credential.status, { type: 'TokenStatusList', uri: first.uri, index: first.idx, value: 'VALID' });

    const sse = new SseReader(`${platform.edges[platform.edges.length - 1]}/api/v1/issuers/${issuerId}/sessions/${sessionId}/events`, {
      authorization: `Bearer ${platform.adminKey}`,
    });
    const revoked = await setStatus(`credentials/${credential.credentialId}`, 'REVOKED');
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.body.credentials[0].status, { type: 'TokenStatusList', uri: first.uri, index: first.idx, value: 'REVOKED' });
    await eventually(first.uri, first.idx, 1);
    assert.equal((await statusAt(second.uri, second.idx)).status, 0, 'the other credential of the session stays valid');
    const event = await sse.waitFor((e) => e.event === 'credential_status_changed');
    sse.close();
    assert.equal(event.data.data.credentialId, credential.credentialId);
    assert.equal(event.data.data.status.value, 'REVOKED');
    assert.equal(event.data.data.previousValue, 'VALID');
    const after = await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`);
    assert.equal(after.body.credentials.find((c: any) => c.credentialId === credential.credentialId).status.value, 'REVOKED');
  });

  it('suspends and reinstates a session; reinstating a revoked credential is refused with 409', async () => {
    const { sessionId, status } = await issue();
    const suspended = await setStatus(`sessions/${sessionId}`, 'SUSPENDED');
    assert.equal(suspended.status, 200);
    assert.deepEqual(
      suspended.body.credentials.map((c: any) => c.status.value),
      ['SUSPENDED', 'SUSPENDED'],
    );
    for (const { uri, idx } of status) await eventually(uri, idx, 2);
    assert.equal((await setStatus(`sessions/${sessionId}`, 'VALID')).status, 200);
    for (const { uri, idx } of status) await eventually(uri, idx, 0);

    assert.equal((await setStatus(`sessions/${sessionId}`, 'REVOKED')).status, 200);
    for (const { uri, idx } of status) await eventually(uri, idx, 1);
    const refused = await setStatus(`sessions/${sessionId}`, 'VALID');
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /revocation is final/);
    const session = await admin.get(`/api/v1/issuers/${issuerId}/sessions/${sessionId}`);
    assert.deepEqual(
      session.body.credentials.map((c: any) => c.status.value),
      ['REVOKED', 'REVOKED'],
    );
  });

  it('embeds credentialStatus in W3C credentials (Bitstring Status List, StatusList2021); the signed list credential reflects revocation', async () => {
    const w3cIssuer = 'status-university';
    // The list credential's issuer is the DID; its key is read from the did:jwk itself (independent of the platform).
    const { keyId, did: issuerDid, didKey } = await createDidJwkKey(admin);
    await createIssuer(admin, { id: w3cIssuer, credentialConfigurations: { degree: DEGREE_JWT_VC_ES256 } });
    for (const [type, w3cVersion] of [
      ['BitstringStatusList', '2.0'],
      ['StatusList2021', '1.1'],
    ] as const) {
      const profile = await admin.post(`/api/v1/issuers/${w3cIssuer}/profiles`, {
        name: type,
        credentialConfigurationId: 'degree',
        issuerKeyId: keyId,
        issuerDid,
        w3cVersion,
        credentialData: { credentialSubject: { degree: 'BSc' } },
        credentialStatus: { type },
      });
      assert.equal(profile.status, 201, JSON.stringify(profile.body));
      const offer = await createOffer(admin, w3cIssuer, profile.body.profileId);
      const [credential] = (await new TestWallet().preAuthorizedFlow(offer.credentialOffer)).credentials;
      const claims = decodeJwt(credential) as any;
      const entry = (w3cVersion === '2.0' ? claims : claims.vc).credentialStatus;
      assert.equal(entry.type, type === 'BitstringStatusList' ? 'BitstringStatusListEntry' : 'StatusList2021Entry');
      assert.equal(entry.statusPurpose, 'revocation');
      assert.match(entry.statusListIndex, /^\d+$/, 'a base-10 string');
      const readList = async () => {
        const response = await fetch(entry.statusListCredential);
        assert.equal(response.headers.get('content-type'), w3cVersion === '2.0' ? 'application/vc+jwt' : 'application/jwt');
        const token = await response.text();
        assert.equal(decodeProtectedHeader(token).kid, `${issuerDid}#0`);
        const { payload } = await jwtVerify(token, didKey);
        const list = (w3cVersion === '2.0' ? payload : payload.vc) as any;
        assert.equal(list.issuer, issuerDid);
        assert.equal(list.id, entry.statusListCredential);
        const encoded = list.credentialSubject.encodedList as string;
        return decodeList({ encodedList: type === 'BitstringStatusList' ? encoded : `u${encoded}` });
      };
      assert.equal((await readList()).getStatus(Number(entry.statusListIndex)), false);
      assert.equal((await setStatusOf(w3cIssuer, `sessions/${offer.sessionId}`, 'REVOKED')).status, 200);
      await waitFor(`${type} shows the revocation`, async () => (await readList()).getStatus(Number(entry.statusListIndex)));
    }
  });

  it('refuses incompatible status configurations and bad status requests', async () => {
    const profile = await admin.post(`/api/v1/issuers/${issuerId}/profiles`, {
      name: 'Wrong status',
      credentialConfigurationId: 'identity_sd_jwt',
      issuerKeyId: fixture.keyId,
      credentialStatus: { type: 'BitstringStatusList' },
    });
    assert.equal(profile.status, 400);
    assert.deepEqual(
      profile.body.errors.map((e: any) => e.path),
      ['credentialStatus.type'],
    );
    const offer = await admin.post(`/api/v1/issuers/${issuerId}/profiles/${fixture.profileId}/offers`, {
      authMethod: 'PRE_AUTHORIZED',
      runtimeOverrides: { credentialStatus: { type: 'StatusList2021' } },
    });
    assert.equal(offer.status, 400);
    assert.ok(
      offer.body.errors.some((e: any) => e.path.endsWith('runtimeOverrides.credentialStatus.type')),
      JSON.stringify(offer.body),
    );
    assert.equal((await setStatus('sessions/unknown-session', 'REVOKED')).status, 404);
    assert.equal((await setStatus('sessions/unknown-session', 'DELETED')).status, 400);
    assert.equal((await fetch(`${platform.baseUrl}/status-lists/00000000-0000-4000-8000-000000000000`)).status, 404);
    assert.equal((await fetch(`${platform.baseUrl}/status-lists/not-a-list`)).status, 404);
    const openapi = (await (await fetch(`${platform.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, any> };
    assert.ok(openapi.paths['/api/v1/issuers/{issuerId}/credentials/{credentialId}/status'].put.requestBody);
    assert.ok(openapi.paths['/status-lists/{listId}'].get);
  });
});
