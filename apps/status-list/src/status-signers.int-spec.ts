import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { jwtVerify } from 'jose';
import type { Client } from 'pg';
import {
  StatusEntriesAllocate,
  StatusEntriesRelease,
  StatusEntriesUpdate,
  StatusListGet,
  StatusSigners,
  type StatusEntriesAllocateRequest,
} from '@issuer/contracts';
import type { NatsBus } from '@issuer/platform';
import { expectBusError } from '@issuer/testing';
import { es256Signer, republish, startStatusListHarness, type StatusListHarness } from '../test/status-list-harness';
import { StatusListPublisher } from './publishing/status-list.publisher';
import { StatusListReader } from './publishing/status-list.reader';

describe('status-list: signer keys of live lists, and re-signed lists served by every replica', { timeout: 180_000 }, () => {
  let harness: StatusListHarness;
  let instances: StatusListHarness['instances'];
  let client: NatsBus;
  let pg: Client;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  const allocate = (issuerId: string, keyId: string, count = 1, extra: Partial<StatusEntriesAllocateRequest> = {}) =>
    client.request(StatusEntriesAllocate, {
      issuerId,
      sessionId: randomUUID(),
      type: 'TokenStatusList',
      purpose: 'revocation',
      signer: { keyId, alg: 'ES256', iss: `https://issuer.test/issuers/${issuerId}`, kid: keyId },
      credentialIds: Array.from({ length: count }, () => randomUUID()),
      ...extra,
    });
  const signersBy = async (request: { keyId: string } | { issuerId: string }) => (await client.request(StatusSigners, request)).signers;

  before(async () => {
    // Every key id signs with one local P-256 key. No background re-signing: a test re-signs by moving expires_at and
    // calling publish (no timing in tests).
    harness = await startStatusListHarness({
      database: 'status_signers',
      clientName: 'status-signers-itest',
      instances: 2,
      signer: es256Signer(privateKey),
    });
    ({ instances, client, pg } = harness);
  });
  after(async () => harness?.close());

  it('names the key of every live list, by key (any issuer) and by issuer; lists of released entries only do not count', async () => {
    const [oldKey, newKey, releasedKey, unusedKey] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const first = await allocate('signers-a', oldKey, 2);
    await allocate('signers-b', oldKey);
    // The issuer moved to another key: new credentials land in a new list; the old list keeps its signer.
    const moved = await allocate('signers-a', newKey);
    assert.notEqual(moved.entries[0].reference.listId, first.entries[0].reference.listId);
    const released = await allocate('signers-a', releasedKey);
    await client.request(StatusEntriesRelease, { issuerId: 'signers-a', credentialIds: [released.entries[0].credentialId] });

    const byOldKey = await signersBy({ keyId: oldKey });
    assert.equal(byOldKey.length, 1);
    assert.equal(byOldKey[0].keyId, oldKey);
    assert.equal(byOldKey[0].listCount, 2, 'the lists of both issuers');
    assert.ok(byOldKey[0].uris.includes(first.entries[0].reference.uri));
    assert.deepEqual(await signersBy({ keyId: releasedKey }), [], 'no credential refers to a list of released entries');
    assert.deepEqual(await signersBy({ keyId: unusedKey }), []);
    assert.deepEqual((await signersBy({ issuerId: 'signers-a' })).map((s) => s.keyId).sort(), [oldKey, newKey].sort());
    assert.deepEqual(await signersBy({ issuerId: 'nobody' }), []);

    await expectBusError(client.request(StatusSigners, {} as never), 'BAD_REQUEST');
    await expectBusError(client.request(StatusSigners, { keyId: oldKey, issuerId: 'signers-a' } as never), 'BAD_REQUEST');
    await expectBusError(client.request(StatusSigners, { keyId: 'not-a-uuid' }), 'BAD_REQUEST');
  });

  it('serves the new token on every replica after a re-sign that keeps the version (renewal before exp)', async () => {
    const { entries } = await allocate('resign', randomUUID());
    const { listId } = entries[0].reference;
    const readers = instances.map((instance) => instance.app.get(StatusListReader));
    // Every replica reads (and caches) the first token.
    const seen = new Set<string>();
    // The CWT form first: its first request re-signs the list (from then on both forms are signed together).
    for (const format of ['cwt', 'jwt'] as const) for (const reader of readers) seen.add((await reader.get(listId, format)).etag);
    for (let i = 0; i < 4; i++) seen.add((await client.request(StatusListGet, { listId })).etag);
    assert.equal(seen.size, 2, 'one JWT and one CWT ETag');
    const firstToken = (await readers[0].get(listId)).token;
    const before = await pg.query<{ published_version: string }>('SELECT published_version FROM status_list.lists WHERE list_id = $1', [
      listId,
    ]);

    // Renewal: nothing changed, the token nears exp; one replica re-signs it with the same version.
    await pg.query(`UPDATE status_list.lists SET expires_at = now(), published_at = now() - interval '2 hours' WHERE list_id = $1`, [
      listId,
    ]);
    assert.equal((await instances[1].app.get(StatusListPublisher).publish(listId)).state, 'published');
    const afterResign = await pg.query<{ published_version: string; token: string }>(
      'SELECT published_version, token FROM status_list.lists WHERE list_id = $1',
      [listId],
    );
    assert.equal(afterResign.rows[0].published_version, before.rows[0].published_version, 'the re-sign kept the version');
    assert.notEqual(afterResign.rows[0].token, firstToken);

    const stored = await pg.query<{ cwt_token: string }>('SELECT cwt_token FROM status_list.lists WHERE list_id = $1', [listId]);
    for (const reader of readers) {
      assert.equal((await reader.get(listId)).token, afterResign.rows[0].token, 'no replica serves the token it cached before the re-sign');
      assert.equal((await reader.get(listId, 'cwt')).token, stored.rows[0].cwt_token, 'and the CWT form is the new one too');
    }
    assert.equal((await client.request(StatusListGet, { listId })).token, afterResign.rows[0].token);
    await jwtVerify(afterResign.rows[0].token, publicKey, { typ: 'statuslist+jwt' });

    // A change afterwards is served as before (the version moves, so does the ETag).
    await client.request(StatusEntriesUpdate, { issuerId: 'resign', credentialId: entries[0].credentialId, status: 'REVOKED' });
    // The change scheduled a publish on one replica; this one waits for it (busy) or finds it done (fresh).
    await republish(harness, listId);
    assert.equal(
      getListFromStatusListJWT((await client.request(StatusListGet, { listId })).token).getStatus(entries[0].reference.index),
      1,
    );
  });
});
