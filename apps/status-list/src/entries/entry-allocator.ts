import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import {
  BusError,
  type StatusEntriesAllocateRequest,
  type StatusEntriesAllocateResponse,
  type StatusReference,
  type StatusSigner,
} from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';
import { encodeStatusValue, MIN_BITSTRING_ENTRIES, statusBitsFor } from '@issuer/status-list';
import { writeStatuses } from '../lists/list-statuses';
import { LIST_COLUMNS, type StatusListRow } from '../lists/status-list.record';
import { IndexPermutation } from './index-permutation';

/** Permutations of the lists this replica allocates in (a table of 24 KiB for a million entries each). */
const PERMUTATIONS_KEPT = 32;

/** An open list as allocation locks it: where its permutation stands. */
type OpenList = StatusListRow & { permutation_key: Buffer | null; next_position: number };

/** Stable identity of a signer, so lists signed by different keys or identities never mix. */
export function signerHash(signer: StatusSigner): string {
  const canonical = JSON.stringify([signer.keyId, signer.alg, signer.iss, signer.kid ?? null, signer.x5c ?? null]);
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * Hands out status entries: pseudo-random indexes (herd privacy: an index says nothing about issuance order),
 * unique per list, never reused. Each list hands out its indexes along a keyed permutation (IndexPermutation):
 * the next allocation takes the next positions, so it costs one insert however full the list is. The group's open
 * list row is locked (SELECT … FOR UPDATE) for the transaction, so replicas allocating for the same group take
 * turns; the (list_id, idx) primary key backs that up, and an index already taken (entries of a list from before
 * the permutation, which were placed at random) is skipped. A list that fills up is closed and the next
 * allocation opens a new one.
 */
export class EntryAllocator {
  private readonly permutations = new Map<string, IndexPermutation>();

  constructor(
    private readonly db: ServiceDatabase,
    private readonly options: { listSize: number; publicUrl: string },
  ) {}

  async allocate(request: StatusEntriesAllocateRequest): Promise<StatusEntriesAllocateResponse> {
    const initial = encodeStatusValue(request.type, request.purpose, request.initialStatus ?? 'VALID');
    if (!initial.ok) throw new BusError('BAD_REQUEST', initial.reason, [{ path: 'initialStatus', message: initial.reason }]);
    return this.db.transaction(async (client) => {
      const existing = await this.existing(client, request);
      const wanted = request.credentialIds.filter((id) => !existing.has(id));
      while (wanted.length > 0) {
        const list = await this.lockOpenList(client, request);
        const take = wanted.splice(0, list.size - list.allocated);
        const key = list.permutation_key ?? randomBytes(32);
        const { placed, nextPosition } = await this.place(client, list, key, take, request, initial.raw);
        for (const [credentialId, index] of placed) existing.set(credentialId, referenceOf(list, index));
        await client.query(
          `UPDATE status_list.lists SET allocated = allocated + $2, state = CASE WHEN allocated + $2 >= size THEN 'FULL' ELSE 'OPEN' END,
             next_position = $3, permutation_key = $4, updated_at = now() WHERE list_id = $1`,
          [list.list_id, take.length, nextPosition, key],
        );
        // Entries that start SUSPENDED are set in the list's statuses (and give it a new version to publish).
        if (initial.raw !== 0)
          await writeStatuses(
            client,
            list.list_id,
            [...placed.values()].map((idx) => ({ idx, raw: initial.raw })),
          );
      }
      return { entries: request.credentialIds.map((credentialId) => ({ credentialId, reference: existing.get(credentialId)! })) };
    });
  }

  /** A retried request (a bus timeout after commit) gets the entries it already has for this purpose. */
  private async existing(client: PoolClient, request: StatusEntriesAllocateRequest): Promise<Map<string, StatusReference>> {
    const { rows } = await client.query<StatusListRow & { credential_id: string; idx: number }>(
      `SELECT e.credential_id, e.idx, ${LIST_COLUMNS.split(', ')
        .map((c) => `l.${c}`)
        .join(', ')} FROM status_list.entries e JOIN status_list.lists l USING (list_id)
       WHERE e.issuer_id = $1 AND e.credential_id = ANY($2::text[]) AND e.purpose = $3`,
      [request.issuerId, request.credentialIds, request.purpose],
    );
    return new Map(rows.map((row) => [row.credential_id, referenceOf(row, row.idx)]));
  }

  private async lockOpenList(client: PoolClient, request: StatusEntriesAllocateRequest): Promise<OpenList> {
    const family = request.statusListId ?? 'default';
    const hash = signerHash(request.signer);
    const group = [request.issuerId, request.type, request.purpose, family, hash];
    const select = `SELECT ${LIST_COLUMNS}, permutation_key, next_position FROM status_list.lists
      WHERE issuer_id = $1 AND type = $2 AND purpose = $3 AND family = $4 AND signer_hash = $5 AND state = 'OPEN' FOR UPDATE`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const { rows } = await client.query<OpenList>(select, group);
      if (rows[0]) return rows[0];
      // No open list: create one. A concurrent creator wins the partial unique index; this insert then
      // does nothing and the next SELECT (a new snapshot) finds and locks the winner's list.
      const listId = randomUUID();
      const size = request.type === 'TokenStatusList' ? this.options.listSize : Math.max(this.options.listSize, MIN_BITSTRING_ENTRIES);
      await client.query(
        `INSERT INTO status_list.lists (list_id, issuer_id, type, purpose, family, signer_hash, signer, bits, size, uri)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [listId, ...group.slice(0, 4), hash, request.signer, statusBitsFor(request.type, request.purpose), size, this.uriOf(listId)],
      );
    }
    throw new BusError('UNAVAILABLE', 'could not open a status list; retry');
  }

  /**
   * Inserts one entry per credential at the list's next positions of its permutation; returns credentialId → index
   * and the position after the last one used. Taken indexes (only in lists allocated at random before) are skipped.
   */
  private async place(
    client: PoolClient,
    list: OpenList,
    key: Buffer,
    credentialIds: string[],
    request: StatusEntriesAllocateRequest,
    status: number,
  ): Promise<{ placed: Map<string, number>; nextPosition: number }> {
    const permutation = this.permutationOf(list.list_id, key, list.size);
    const placed = new Map<string, number>();
    let pending = credentialIds;
    let position = list.next_position;
    while (pending.length > 0) {
      const candidates: number[] = [];
      while (candidates.length < pending.length && position < list.size) candidates.push(permutation.at(position++));
      if (candidates.length === 0) throw new BusError('INTERNAL', `status list ${list.list_id} has no free index although it is not full`);
      const { rows } = await client.query<{ idx: number; credential_id: string }>(
        `INSERT INTO status_list.entries (list_id, idx, issuer_id, session_id, credential_id, status, purpose)
         SELECT $1, c.idx, $2, $3, c.credential_id, $4, $7 FROM unnest($5::int[], $6::text[]) AS c(idx, credential_id)
         ON CONFLICT (list_id, idx) DO NOTHING RETURNING idx, credential_id`,
        [list.list_id, request.issuerId, request.sessionId, status, candidates, pending.slice(0, candidates.length), request.purpose],
      );
      for (const row of rows) placed.set(row.credential_id, row.idx);
      pending = pending.filter((id) => !placed.has(id));
    }
    return { placed, nextPosition: position };
  }

  /** By list and key: a key drawn in a transaction that rolled back is not the list's. */
  private permutationOf(listId: string, key: Buffer, size: number): IndexPermutation {
    const cacheKey = `${listId}:${key.toString('base64')}`;
    let permutation = this.permutations.get(cacheKey);
    if (!permutation) {
      permutation = new IndexPermutation(key, size);
      if (this.permutations.size >= PERMUTATIONS_KEPT) this.permutations.delete(this.permutations.keys().next().value!);
      this.permutations.set(cacheKey, permutation);
    }
    return permutation;
  }

  uriOf(listId: string): string {
    return `${this.options.publicUrl}/status-lists/${listId}`;
  }
}

export function referenceOf(list: Pick<StatusListRow, 'type' | 'list_id' | 'uri' | 'purpose' | 'bits'>, index: number): StatusReference {
  return {
    type: list.type,
    listId: list.list_id,
    uri: list.uri,
    index,
    purpose: list.purpose,
    ...(list.type !== 'TokenStatusList' && list.bits > 1 ? { statusSize: list.bits } : {}),
  };
}
