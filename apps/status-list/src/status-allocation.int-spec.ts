import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { getListFromStatusListJWT, StatusList } from '@sd-jwt/jwt-status-list';
import { decode as cborDecode, type Tag } from 'cbor-x';
import { decodeJwt, jwtVerify } from 'jose';
import type { Client } from 'pg';
import {
  StatusEntriesAllocate,
  StatusEntriesRelease,
  StatusEntriesUpdate,
  StatusListGet,
  type StatusEntriesAllocateRequest,
  type StatusReference,
} from '@issuer/contracts';
import type { NatsBus } from '@issuer/platform';
import { expectBusError } from '@issuer/testing';
import { allocationRequest, es256Signer, republish, startStatusListHarness, type StatusListHarness } from '../test/status-list-harness';
import { EntryAllocator } from './entries/entry-allocator';
import { StatusListPublisher } from './publishing/status-list.publisher';

const LIST_SIZE = 64;

describe('status-list: two instances, one database, over NATS', { timeout: 180_000 }, () => {
  let harness: StatusListHarness;
  let instances: StatusListHarness['instances'];
  let client: NatsBus;
  let pg: Client;
  let publicKey: KeyObject;
  const keyId = randomUUID();
  /** Signatures made per list URI (the `sub` / `id` of the signed payload). */
  const signatures = new Map<string, number>();
  const signaturesOf = (uri: string) => signatures.get(uri) ?? 0;
  const request = (issuerId: string, count: number, extra: Partial<StatusEntriesAllocateRequest> = {}) =>
    allocationRequest(keyId, issuerId, count, extra);

  before(async () => {
    const { privateKey, publicKey: verifying } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    publicKey = verifying;
    const sign = es256Signer(privateKey);
    harness = await startStatusListHarness({
      database: 'status_list',
      clientName: 'status-list-itest',
      instances: 2,
      listSize: LIST_SIZE,
      // Counts signatures: JWS signing inputs per list; a Token Status List's CWT form is signed in the same publish.
      signer: (data) => {
        const input = data.toString();
        if (/^[\w-]+\.[\w-]+$/.test(input)) {
          const payload = JSON.parse(Buffer.from(input.split('.')[1], 'base64url').toString());
          const uri = String(payload.sub ?? payload.id ?? payload.jti);
          signatures.set(uri, signaturesOf(uri) + 1);
        }
        return sign(data);
      },
    });
    ({ instances, client, pg } = harness);
  });
  after(async () => harness?.close());

  it('never hands out an index twice under concurrent allocation from both instances, and rolls over full lists', async () => {
    const issuerId = 'concurrent';
    const direct = instances.map((instance) => instance.app.get(EntryAllocator));
    const calls = Array.from({ length: 30 }, (_, i) => {
      const body = request(issuerId, 7);
      // A third over NATS (queue group spreads them), the rest straight into each instance.
      if (i % 3 === 0) return client.request(StatusEntriesAllocate, body);
      return direct[i % 2].allocate(body);
    });
    const results = await Promise.all(calls);
    const references = results.flatMap((r) => r.entries.map((e) => e.reference));
    assert.equal(references.length, 210);
    const keys = new Set(references.map((r) => `${r.listId}/${r.index}`));
    assert.equal(keys.size, 210, 'no (list, index) pair is handed out twice');
    const lists = await pg.query<{ list_id: string; allocated: number; size: number; state: string; n: number }>(
      `SELECT l.list_id, l.allocated, l.size, l.state, (SELECT count(*)::int FROM status_list.entries e WHERE e.list_id = l.list_id) AS n
       FROM status_list.lists l WHERE issuer_id = $1 ORDER BY created_at`,
      [issuerId],
    );
    assert.equal(lists.rows.length, Math.ceil(210 / LIST_SIZE), 'full lists roll over to new ones');
    for (const list of lists.rows) {
      assert.equal(list.allocated, list.n, 'the allocation counter matches the entries');
      assert.equal(list.state, list.n === LIST_SIZE ? 'FULL' : 'OPEN');
    }
    assert.equal(lists.rows.filter((l) => l.state === 'OPEN').length, 1);
    for (const reference of references) assert.ok(reference.index >= 0 && reference.index < LIST_SIZE);
    assert.equal(references[0].uri, `https://issuer.test/status-lists/${references[0].listId}`);
  });

  it('gives W3C lists at least 131,072 entries with random indexes, and returns the same entries to a retried request', async () => {
    const body = request('w3c', 50, {
      type: 'BitstringStatusList',
      purpose: 'revocation',
      signer: { keyId, alg: 'ES256', iss: 'did:example:w3c', kid: 'did:example:w3c#0' },
    });
    const first = await client.request(StatusEntriesAllocate, body);
    const size = await pg.query<{ size: number }>('SELECT size FROM status_list.lists WHERE list_id = $1', [
      first.entries[0].reference.listId,
    ]);
    assert.equal(size.rows[0].size, 131_072);
    const indexes = first.entries.map((e) => e.reference.index);
    assert.ok(Math.max(...indexes) > 1000, 'indexes are spread over the list, not handed out in order');
    assert.deepEqual(await client.request(StatusEntriesAllocate, body), first, 'a retry is idempotent');
  });

  it('changes statuses all-or-nothing; REVOKED is final; a revocation-only list cannot suspend', async () => {
    const body = request('changes', 3);
    const allocated = await client.request(StatusEntriesAllocate, body);
    const [a, b] = allocated.entries.map((e) => e.credentialId);
    const suspended = await client.request(StatusEntriesUpdate, { issuerId: 'changes', sessionId: body.sessionId, status: 'SUSPENDED' });
    assert.deepEqual(
      suspended.entries.map((e) => e.status.value),
      ['SUSPENDED', 'SUSPENDED', 'SUSPENDED'],
    );
    await client.request(StatusEntriesUpdate, { issuerId: 'changes', credentialId: a, status: 'REVOKED' });
    const conflict = await expectBusError(
      client.request(StatusEntriesUpdate, { issuerId: 'changes', sessionId: body.sessionId, status: 'VALID' }),
      'CONFLICT',
    );
    assert.match(conflict.message, /revocation is final/);
    const stored = await pg.query<{ credential_id: string; status: number }>(
      'SELECT credential_id, status FROM status_list.entries WHERE session_id = $1',
      [body.sessionId],
    );
    assert.equal(stored.rows.find((r) => r.credential_id === b)?.status, 2, 'nothing changed when one entry refused');
    const oneBit = await client.request(StatusEntriesAllocate, request('changes', 1, { purpose: 'revocation' }));
    await expectBusError(
      client.request(StatusEntriesUpdate, { issuerId: 'changes', credentialId: oneBit.entries[0].credentialId, status: 'SUSPENDED' }),
      'CONFLICT',
    );
    await expectBusError(
      client.request(StatusEntriesUpdate, { issuerId: 'changes', credentialId: 'nope', status: 'REVOKED' }),
      'NOT_FOUND',
    );
    const released = await client.request(StatusEntriesRelease, { issuerId: 'changes', credentialIds: [oneBit.entries[0].credentialId] });
    assert.equal(released.released, 1);
    await expectBusError(
      client.request(StatusEntriesUpdate, { issuerId: 'changes', credentialId: oneBit.entries[0].credentialId, status: 'REVOKED' }),
      'NOT_FOUND',
    );
  });

  it('publishes a signed statuslist+jwt, and batches changes into one re-sign per interval', async () => {
    const allocated = await client.request(StatusEntriesAllocate, request('publish', 4));
    const [first, second] = allocated.entries.map((e) => e.reference);
    const listed = await client.request(StatusListGet, { listId: first.listId });
    assert.equal(listed.mediaType, 'application/statuslist+jwt');
    const { payload, protectedHeader } = await jwtVerify(listed.token, publicKey, { typ: 'statuslist+jwt' });
    assert.equal(payload.sub, first.uri);
    assert.equal(protectedHeader.kid, 'k1');
    assert.equal(getListFromStatusListJWT(listed.token).getStatus(first.index), 0);
    const cwtStored = async () =>
      (await pg.query<{ cwt_token: string | null }>('SELECT cwt_token FROM status_list.lists WHERE list_id = $1', [first.listId])).rows[0]
        .cwt_token;
    assert.equal(await cwtStored(), null, 'no CWT form is signed until one is asked for');
    const signedBeforeCwt = signaturesOf(first.uri);
    const cwt = await client.request(StatusListGet, { listId: first.listId, format: 'cwt' });
    assert.equal(cwt.mediaType, 'application/statuslist+cwt');
    assert.equal(Buffer.from(cwt.token, 'base64url')[0], 0xd2, 'a COSE_Sign1 (tag 18)');
    assert.equal(await cwtStored(), cwt.token);
    assert.equal(signaturesOf(first.uri), signedBeforeCwt + 1, 'the first CWT request signs it, beside a fresh JWT');
    const withCwt = await client.request(StatusListGet, { listId: first.listId });
    assert.notEqual(withCwt.etag, listed.etag);
    assert.notEqual(cwt.etag, withCwt.etag);
    assert.equal((await client.request(StatusListGet, { listId: first.listId, format: 'cwt' })).etag, cwt.etag, 'signed once');

    const before = signaturesOf(first.uri);
    for (const [reference, status] of [
      [first, 'REVOKED'],
      [second, 'SUSPENDED'],
    ] as [StatusReference, 'REVOKED' | 'SUSPENDED'][]) {
      const credentialId = allocated.entries.find((e) => e.reference === reference)!.credentialId;
      await client.request(StatusEntriesUpdate, { issuerId: 'publish', credentialId, status });
    }
    await Promise.all(instances.map((i) => i.app.get(StatusListPublisher).sweep()));
    assert.equal(signaturesOf(first.uri), before, 'inside the interval the changes wait for the next signature');
    assert.equal((await client.request(StatusListGet, { listId: first.listId })).etag, withCwt.etag);

    await pg.query(`UPDATE status_list.lists SET published_at = now() - interval '2 hours' WHERE list_id = $1`, [first.listId]);
    await Promise.all(instances.map((i) => i.app.get(StatusListPublisher).sweep()));
    assert.equal(signaturesOf(first.uri), before + 1, 'both changes share one signature, made by one instance');
    const updated = await client.request(StatusListGet, { listId: first.listId });
    assert.notEqual(updated.etag, withCwt.etag);
    const updatedCwt = await client.request(StatusListGet, { listId: first.listId, format: 'cwt' });
    assert.notEqual(updatedCwt.etag, cwt.etag, 'once asked for, the CWT form is re-signed with every change');
    assert.equal(await cwtStored(), updatedCwt.token);
    // The CWT's status list claim (65533) shows both changes, read with cbor-x and @sd-jwt/jwt-status-list.
    const [, , cwtPayload] = (cborDecode(Buffer.from(updatedCwt.token, 'base64url')) as Tag).value as Uint8Array[];
    const { bits, lst } = (cborDecode(cwtPayload!) as Record<number, { bits: 1 | 2 | 4 | 8; lst: Uint8Array }>)[65533]!;
    const cwtList = StatusList.decompressStatusList(Buffer.from(lst).toString('base64url'), bits);
    assert.deepEqual([cwtList.getStatus(first.index), cwtList.getStatus(second.index)], [1, 2]);
    const list = getListFromStatusListJWT(updated.token);
    assert.equal(list.getStatus(first.index), 1);
    assert.equal(list.getStatus(second.index), 2);
  });

  it('publishes Bitstring Status List and StatusList2021 credentials as JWTs that independent decoders read', async () => {
    const signer = { keyId, alg: 'ES256', iss: 'did:example:issuer', kid: 'did:example:issuer#0' };
    for (const type of ['BitstringStatusList', 'StatusList2021'] as const) {
      const allocated = await client.request(StatusEntriesAllocate, request('w3c-publish', 1, { type, purpose: 'revocation', signer }));
      const { credentialId, reference } = allocated.entries[0];
      await client.request(StatusEntriesUpdate, { issuerId: 'w3c-publish', credentialId, status: 'REVOKED' });
      await republish(harness, reference.listId);
      const listed = await client.request(StatusListGet, { listId: reference.listId, format: 'cwt' });
      await jwtVerify(listed.token, publicKey); // W3C lists have no CWT form: their JWT answers
      const claims = decodeJwt(listed.token) as any;
      const credential = type === 'BitstringStatusList' ? claims : claims.vc;
      assert.equal(listed.mediaType, type === 'BitstringStatusList' ? 'application/vc+jwt' : 'application/jwt');
      assert.equal(credential.id, reference.uri);
      assert.equal(credential.issuer, 'did:example:issuer');
      const encoded = credential.credentialSubject.encodedList as string;
      const decoded = await decodeList({ encodedList: type === 'BitstringStatusList' ? encoded : `u${encoded}` });
      assert.equal(decoded.getStatus(reference.index), true);
      assert.equal(decoded.length, 131_072);
    }
  });

  it('holds a revocation and a suspension entry for one credential, and changes them together', async () => {
    const signer = { keyId, alg: 'ES256', iss: 'did:example:two', kid: 'did:example:two#0' };
    const base = request('two-purposes', 1, { type: 'BitstringStatusList', signer });
    const [credentialId] = base.credentialIds;
    const revocation = await client.request(StatusEntriesAllocate, { ...base, purpose: 'revocation' });
    const suspension = await client.request(StatusEntriesAllocate, { ...base, purpose: 'suspension', initialStatus: 'SUSPENDED' });
    const [r, s] = [revocation.entries[0].reference, suspension.entries[0].reference];
    assert.notEqual(r.listId, s.listId, 'one list per purpose');
    assert.deepEqual(
      await client.request(StatusEntriesAllocate, { ...base, purpose: 'suspension', initialStatus: 'SUSPENDED' }),
      suspension,
    );
    const raw = async () =>
      (
        await pg.query<{ purpose: string; status: number }>(
          'SELECT purpose, status FROM status_list.entries WHERE credential_id = $1 ORDER BY purpose',
          [credentialId],
        )
      ).rows.map((row) => `${row.purpose}=${row.status}`);
    assert.deepEqual(await raw(), ['revocation=0', 'suspension=1']);
    const valid = await client.request(StatusEntriesUpdate, { issuerId: 'two-purposes', credentialId, status: 'VALID' });
    const revision = valid.entries[0].revision;
    assert.ok(Number.isInteger(revision) && revision > 0, 'a change takes a revision');
    assert.deepEqual(valid.entries, [
      {
        credentialId,
        sessionId: base.sessionId,
        status: {
          type: 'BitstringStatusList',
          uri: r.uri,
          index: r.index,
          value: 'VALID',
          entries: [
            { purpose: 'revocation', uri: r.uri, index: r.index },
            { purpose: 'suspension', uri: s.uri, index: s.index },
          ],
        },
        revision,
      },
    ]);
    assert.deepEqual(await raw(), ['revocation=0', 'suspension=0']);
    const revoked = await client.request(StatusEntriesUpdate, { issuerId: 'two-purposes', credentialId, status: 'REVOKED' });
    assert.ok(revoked.entries[0].revision > revision, 'a later change has a higher revision');
    assert.deepEqual(await raw(), ['revocation=1', 'suspension=0']);
    const final = await expectBusError(
      client.request(StatusEntriesUpdate, { issuerId: 'two-purposes', credentialId, status: 'SUSPENDED' }),
      'CONFLICT',
    );
    assert.match(final.message, /revocation is final/);
  });

  it('publishes a Bitstring message list with 2-bit entries (0x1 REVOKED, 0x2 SUSPENDED); message is for Bitstring only', async () => {
    const signer = { keyId, alg: 'ES256', iss: 'did:example:msg', kid: 'did:example:msg#0' };
    const allocated = await client.request(
      StatusEntriesAllocate,
      request('message', 2, { type: 'BitstringStatusList', purpose: 'message', signer }),
    );
    const [a, b] = allocated.entries;
    assert.equal(a.reference.statusSize, 2);
    await client.request(StatusEntriesUpdate, { issuerId: 'message', credentialId: a.credentialId, status: 'REVOKED' });
    await client.request(StatusEntriesUpdate, { issuerId: 'message', credentialId: b.credentialId, status: 'SUSPENDED' });
    await republish(harness, a.reference.listId);
    const { payload } = await jwtVerify((await client.request(StatusListGet, { listId: a.reference.listId })).token, publicKey);
    const subject = (payload as any).credentialSubject;
    assert.equal(subject.statusPurpose, 'message');
    // Independent read (the @digitalbazaar decoder is 1-bit only): gunzip, MSB-first, 2 bits per entry.
    const bytes = gunzipSync(Buffer.from(String(subject.encodedList).slice(1), 'base64url'));
    assert.equal(bytes.length * 8, 131_072 * 2, 'at least 131,072 entries of 2 bits');
    const read = (i: number) => (bytes[(i * 2) >> 3] >> (6 - ((i * 2) & 7))) & 0b11;
    assert.deepEqual([read(a.reference.index), read(b.reference.index)], [1, 2]);
    await expectBusError(client.request(StatusEntriesAllocate, request('message', 1, { purpose: 'message' })), 'BAD_REQUEST');
  });
});
