import {
  BusError,
  type StatusEntriesUpdateRequest,
  type CredentialStatusView,
  type StatusEntriesUpdateResponse,
  type StatusListType,
  type StatusPurpose,
} from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';
import { planCredentialStatus, PURPOSE_ORDER } from '@issuer/status-list';
import { writeStatuses } from '../lists/list-statuses';

interface EntryRow {
  list_id: string;
  idx: number;
  credential_id: string;
  session_id: string;
  status: number;
  type: StatusListType;
  purpose: StatusPurpose;
  uri: string;
  revision: string;
}

/**
 * Status changes (API.md §7): all entries of a session or one credential, all or nothing. The entry rows
 * are locked for the transaction, so two concurrent changes of one credential serialise and "REVOKED is
 * final" cannot be raced. A credential's entries (one per purpose) change together, planned by
 * `planCredentialStatus`. Changed lists get a new version; the publisher re-signs them in batches.
 */
export class StatusUpdater {
  constructor(
    private readonly db: ServiceDatabase,
    private readonly onListsChanged: (listIds: string[]) => void,
  ) {}

  async update(request: StatusEntriesUpdateRequest): Promise<StatusEntriesUpdateResponse> {
    const { credentials, changedLists } = await this.db.transaction(async (client) => {
      const by = request.sessionId !== undefined ? 'e.session_id' : 'e.credential_id';
      const { rows } = await client.query<EntryRow>(
        `SELECT e.list_id, e.idx, e.credential_id, e.session_id, e.status, e.revision, l.type, l.purpose, l.uri
         FROM status_list.entries e JOIN status_list.lists l USING (list_id)
         WHERE e.issuer_id = $1 AND ${by} = $2 AND NOT e.released ORDER BY e.list_id, e.idx FOR UPDATE OF e`,
        [request.issuerId, request.sessionId ?? request.credentialId],
      );
      if (rows.length === 0) {
        const what = request.sessionId !== undefined ? `session ${request.sessionId}` : `credential ${request.credentialId}`;
        throw new BusError('NOT_FOUND', `${what} has no credential with a status list entry`);
      }
      const changes: { row: EntryRow; raw: number }[] = [];
      const credentials = groupByCredential(rows);
      for (const [credentialId, entries] of credentials) {
        const plan = planCredentialStatus(
          entries.map((row) => ({ type: row.type, purpose: row.purpose, raw: row.status })),
          request.status,
        );
        if (!plan.ok)
          throw new BusError('CONFLICT', `credential ${credentialId}: ${plan.reason}`, [
            { path: 'status', message: `credential ${credentialId}: ${plan.reason}` },
          ]);
        plan.raws.forEach((raw, i) => {
          if (raw !== entries[i].status) changes.push({ row: entries[i], raw });
        });
      }
      if (changes.length > 0) {
        const updated = await client.query<{ list_id: string; idx: number; revision: string }>(
          `UPDATE status_list.entries e SET status = c.status, updated_at = now(), revision = nextval('status_list.entry_revisions')
           FROM unnest($1::uuid[], $2::int[], $3::smallint[]) AS c(list_id, idx, status) WHERE e.list_id = c.list_id AND e.idx = c.idx
           RETURNING e.list_id, e.idx, e.revision`,
          [changes.map((c) => c.row.list_id), changes.map((c) => c.row.idx), changes.map((c) => c.raw)],
        );
        const revisions = new Map(updated.rows.map((r) => [`${r.list_id}/${r.idx}`, r.revision]));
        for (const { row } of changes) row.revision = revisions.get(`${row.list_id}/${row.idx}`) ?? row.revision;
        for (const [listId, changed] of byList(changes.map((c) => ({ list_id: c.row.list_id, idx: c.row.idx, raw: c.raw }))))
          await writeStatuses(client, listId, changed);
      }
      return { credentials, changedLists: [...new Set(changes.map((c) => c.row.list_id))] };
    });
    if (changedLists.length) this.onListsChanged(changedLists);
    return {
      entries: [...credentials].map(([credentialId, entries]) => ({
        credentialId,
        sessionId: entries[0].session_id,
        status: statusView(entries, request.status),
        revision: Math.max(...entries.map((e) => Number(e.revision))),
      })),
    };
  }

  /**
   * Entries of credentials that were never delivered: kept, so their index is never reused, but reset to
   * VALID (an unused index must look VALID) and out of reach of status changes.
   */
  async release(issuerId: string, credentialIds: string[]): Promise<{ released: number }> {
    const { released, changed } = await this.db.transaction(async (client) => {
      const { rows } = await client.query<{ list_id: string; idx: number; was: number }>(
        `UPDATE status_list.entries e SET released = true, status = 0, updated_at = now()
         FROM status_list.entries old WHERE old.list_id = e.list_id AND old.idx = e.idx
           AND e.issuer_id = $1 AND e.credential_id = ANY($2::text[]) AND NOT e.released
         RETURNING e.list_id, e.idx, old.status AS was`,
        [issuerId, credentialIds],
      );
      const lists = byList(rows.filter((r) => r.was !== 0).map((r) => ({ list_id: r.list_id, idx: r.idx, raw: 0 })));
      for (const [listId, reset] of lists) await writeStatuses(client, listId, reset);
      return { released: rows.length, changed: [...lists.keys()] };
    });
    if (changed.length) this.onListsChanged(changed);
    return { released };
  }
}

/** Changed entries per list, lists in id order (concurrent writers lock lists in the same order). */
function byList(changes: { list_id: string; idx: number; raw: number }[]): Map<string, { idx: number; raw: number }[]> {
  const lists = new Map<string, { idx: number; raw: number }[]>();
  for (const { list_id, idx, raw } of [...changes].sort((a, b) => a.list_id.localeCompare(b.list_id))) {
    const entries = lists.get(list_id);
    if (entries) entries.push({ idx, raw });
    else lists.set(list_id, [{ idx, raw }]);
  }
  return lists;
}

/** Entries per credential, each credential's entries in purpose order (revocation first). */
function groupByCredential(rows: EntryRow[]): Map<string, EntryRow[]> {
  const grouped = new Map<string, EntryRow[]>();
  for (const row of rows) grouped.set(row.credential_id, [...(grouped.get(row.credential_id) ?? []), row]);
  for (const entries of grouped.values()) entries.sort((a, b) => PURPOSE_ORDER.indexOf(a.purpose) - PURPOSE_ORDER.indexOf(b.purpose));
  return grouped;
}

/** The session view of a credential's status: its first entry, and all of them when there are several. */
function statusView(entries: EntryRow[], value: CredentialStatusView['value']): CredentialStatusView {
  const [first] = entries;
  return {
    type: first.type,
    uri: first.uri,
    index: first.idx,
    value,
    ...(entries.length > 1 ? { entries: entries.map((e) => ({ purpose: e.purpose, uri: e.uri, index: e.idx })) } : {}),
  };
}
