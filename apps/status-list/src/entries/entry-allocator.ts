import { createHash, randomInt, randomUUID } from 'node:crypto';
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
import { LIST_COLUMNS, type StatusListRow } from '../lists/status-list.record';

/** Above this fill ratio random probing wastes round trips; free indexes are then listed once. */
const PROBE_FILL_LIMIT = 0.9;
const MAX_PROBE_ROUNDS = 16;

/** Stable identity of a signer, so lists signed by different keys or identities never mix. */
export function signerHash(signer: StatusSigner): string {
  const canonical = JSON.stringify([signer.keyId, signer.alg, signer.iss, signer.kid ?? null, signer.x5c ?? null]);
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * Hands out status entries: random indexes (herd privacy: an index says nothing about issuance order),
 * unique per list, never reused. The group's open list row is locked (SELECT … FOR UPDATE) for the
 * transaction, so replicas allocating for the same group take turns; the (list_id, idx) primary key
 * backs that up. A list that fills up is closed and the next allocation opens a new one.
 */
export class EntryAllocator {
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
        const placed = await this.place(client, list, take, request, initial.raw);
        for (const [credentialId, index] of placed) existing.set(credentialId, referenceOf(list, index));
        await client.query(
          `UPDATE status_list.lists SET allocated = allocated + $2, state = CASE WHEN allocated + $2 >= size THEN 'FULL' ELSE 'OPEN' END,
             version = version + $3, updated_at = now() WHERE list_id = $1`,
          [list.list_id, take.length, initial.raw === 0 ? 0 : 1],
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

  private async lockOpenList(client: PoolClient, request: StatusEntriesAllocateRequest): Promise<StatusListRow> {
    const family = request.statusListId ?? 'default';
    const hash = signerHash(request.signer);
    const group = [request.issuerId, request.type, request.purpose, family, hash];
    const select = `SELECT ${LIST_COLUMNS} FROM status_list.lists
      WHERE issuer_id = $1 AND type = $2 AND purpose = $3 AND family = $4 AND signer_hash = $5 AND state = 'OPEN' FOR UPDATE`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const { rows } = await client.query<StatusListRow>(select, group);
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

  /** Inserts one entry per credential at random free indexes; returns credentialId → index. */
  private async place(
    client: PoolClient,
    list: StatusListRow,
    credentialIds: string[],
    request: StatusEntriesAllocateRequest,
    status: number,
  ): Promise<Map<string, number>> {
    const placed = new Map<string, number>();
    let pending = credentialIds;
    for (let round = 0; pending.length > 0; round++) {
      const filled = (list.allocated + placed.size) / list.size;
      const candidates =
        filled < PROBE_FILL_LIMIT && round < MAX_PROBE_ROUNDS
          ? distinctRandom(pending.length, list.size)
          : await this.freeIndexes(client, list.list_id, list.size, pending.length);
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
    return placed;
  }

  /** Free indexes in random order, for nearly full lists (one scan of the list's index range). */
  private async freeIndexes(client: PoolClient, listId: string, size: number, count: number): Promise<number[]> {
    const { rows } = await client.query<{ i: number }>(
      `SELECT i FROM generate_series(0, $2::int - 1) AS i
       WHERE NOT EXISTS (SELECT 1 FROM status_list.entries e WHERE e.list_id = $1 AND e.idx = i) ORDER BY random() LIMIT $3`,
      [listId, size, count],
    );
    return rows.map((r) => r.i);
  }

  uriOf(listId: string): string {
    return `${this.options.publicUrl}/status-lists/${listId}`;
  }
}

function distinctRandom(count: number, below: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, below)) picked.add(randomInt(below));
  return [...picked];
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
