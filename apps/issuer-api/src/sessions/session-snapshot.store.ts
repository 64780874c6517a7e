import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TtlCache, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import type { SessionSnapshot } from './session-snapshot';

/** Shared snapshots never change (content-addressed), so a cached one is valid for as long as it is kept. */
const CACHE_TTL_MS = 24 * 60 * 60 * 1000;
const CACHE_ENTRIES = 1000;

/**
 * SQL for a session row's snapshot: its own, or the shared one its `snapshot_hash` names (migration
 * 1766300000000). Every statement that reads or rewrites a snapshot goes through this.
 */
export function sessionSnapshotSql(alias: string): string {
  return `COALESCE(${alias}.snapshot, (SELECT ss.body FROM issuer_api.session_snapshots ss WHERE ss.hash = ${alias}.snapshot_hash))`;
}

export interface SharedSnapshot {
  hash: string;
  /** The snapshot as stored (JSON text). */
  json: string;
}

/**
 * Shared snapshots of sessions made without per-offer overrides: the content hash (SHA-256 of the JSON) computed
 * once per profile body and credential configuration object (both come from caches, so the same objects recur),
 * the hashes this process knows to be stored, and the snapshots read back by hash.
 */
@Injectable()
export class SessionSnapshotStore {
  private readonly hashes = new WeakMap<object, WeakMap<object, SharedSnapshot>>();
  private readonly stored = new TtlCache<string, true>(CACHE_TTL_MS, CACHE_ENTRIES);
  private readonly snapshots = new TtlCache<string, SessionSnapshot>(CACHE_TTL_MS, CACHE_ENTRIES);

  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /** The shared form of a snapshot without login data. */
  shared(snapshot: SessionSnapshot): SharedSnapshot {
    let byConfiguration = this.hashes.get(snapshot.profile);
    if (!byConfiguration) this.hashes.set(snapshot.profile, (byConfiguration = new WeakMap()));
    let shared = byConfiguration.get(snapshot.credentialConfiguration);
    if (!shared) {
      const json = JSON.stringify({ profile: snapshot.profile, credentialConfiguration: snapshot.credentialConfiguration });
      shared = { hash: createHash('sha256').update(json).digest('base64url'), json };
      byConfiguration.set(snapshot.credentialConfiguration, shared);
    }
    return shared;
  }

  /** Whether this process has seen the snapshot stored (rows are never deleted, so a stored one stays). */
  isStored(hash: string): boolean {
    return this.stored.get(hash) === true;
  }

  markStored(hash: string): void {
    this.stored.set(hash, true);
  }

  /** The shared snapshot with this hash, read once per process and then served from memory. */
  get(hash: string): Promise<SessionSnapshot> {
    return this.snapshots.getOrLoad(hash, async () => {
      const { rows } = await this.db.sql<{ body: SessionSnapshot }>('SELECT body FROM issuer_api.session_snapshots WHERE hash = $1', [
        hash,
      ]);
      if (!rows[0]) throw new Error(`session snapshot ${hash} is missing`);
      return rows[0].body;
    });
  }
}
