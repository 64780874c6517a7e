import { createHash } from 'node:crypto';
import { KeySign } from '@issuer/contracts';
import type { Bus, Logger, ServiceDatabase } from '@issuer/platform';
import { readStatuses } from '../lists/list-statuses';
import { LIST_COLUMNS, type StatusListRow } from '../lists/status-list.record';
import type { StatusListConfig } from '../status-list.config';
import { buildListToken } from './list-token.builder';

export type PublishOutcome = { state: 'published' | 'fresh' | 'busy' | 'missing' } | { state: 'wait'; ms: number };

/**
 * Re-signs lists whose entries changed, at most once per list per `publishIntervalMs` across all replicas:
 * changes inside the interval share the next signature (`published_at` gates it), and a transaction-scoped
 * advisory lock lets exactly one replica sign a given list at a time. Changes schedule a publish on this
 * replica; a sweep catches lists changed by a replica that died, never published, or due for re-signing
 * before `exp`.
 *
 * A Token Status List gets its CWT form only once it has been asked for as CWT (mdoc verifiers ask for it, SD-JWT VC
 * verifiers for the JWT): from then on every re-sign signs both, so the JWT's ETag versions both forms.
 */
export class StatusListPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly db: ServiceDatabase,
    private readonly bus: Bus,
    private readonly config: StatusListConfig,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.publishIntervalMs);
    this.sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** A list changed: publish as soon as its interval allows (one pending publish per list). */
  schedule(listId: string, delayMs = 0): void {
    if (this.timers.has(listId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(listId);
      this.publish(listId).then(
        (outcome) => {
          if (outcome.state === 'wait') this.schedule(listId, outcome.ms);
          if (outcome.state === 'busy') this.schedule(listId, this.config.publishIntervalMs);
        },
        (error: unknown) => this.logger.warn({ err: error, listId }, 'status list publish failed; the sweep retries'),
      );
    }, delayMs);
    timer.unref();
    this.timers.set(listId, timer);
  }

  /**
   * Signs the list if it changed (or was never signed, or nears `exp`) and its interval has passed. `withCwt` asks for
   * the CWT form of a Token Status List that has none yet: it is signed at once, with a fresh JWT, whatever the interval.
   */
  async publish(listId: string, { withCwt = false } = {}): Promise<PublishOutcome> {
    const { publishIntervalMs, validitySeconds, ttlSeconds } = this.config;
    return this.db.transaction(async (client) => {
      const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [
        `status-list:publish:${listId}`,
      ]);
      if (!lock.rows[0].ok) return { state: 'busy' };
      const { rows } = await client.query<StatusListRow & { due: boolean; wait_ms: number; chunked: boolean; has_cwt: boolean }>(
        `SELECT ${LIST_COLUMNS}, chunked, cwt_token IS NOT NULL AS has_cwt,
           (token IS NULL OR version > published_version OR expires_at < now() + make_interval(secs => $3)) AS due,
           CASE WHEN published_at IS NULL THEN 0
                ELSE GREATEST(0, $2 - extract(epoch FROM now() - published_at) * 1000)::int END AS wait_ms
         FROM status_list.lists WHERE list_id = $1`,
        [listId, publishIntervalMs, validitySeconds / 2],
      );
      const list = rows[0];
      if (!list) return { state: 'missing' };
      const cwtWanted = list.type === 'TokenStatusList' && (list.has_cwt || withCwt);
      const cwtMissing = cwtWanted && !list.has_cwt;
      if (!list.due && !cwtMissing) return { state: 'fresh' };
      if (list.token !== null && list.wait_ms > 0 && !cwtMissing) return { state: 'wait', ms: list.wait_ms };
      // Read in the transaction that read the version, after it: the token holds at least this version's changes (a
      // later change, committed in between, gets a new version and its own publish). A list whose statuses were never
      // built is read from its entries.
      const statuses = await readStatuses(client, listId, list);
      const now = new Date();
      const expiresAt = new Date(now.getTime() + validitySeconds * 1000);
      const built = await buildListToken(
        list,
        statuses,
        { now, expiresAt, ttlSeconds, cwt: cwtWanted },
        async (input) => (await this.sign(list, Buffer.from(input, 'ascii'))).toString('base64url'),
        async (bytes) => new Uint8Array(await this.sign(list, Buffer.from(bytes))),
      );
      await client.query(
        `UPDATE status_list.lists SET token = $2, etag = $3, published_version = GREATEST(published_version, $4::bigint),
           published_at = $5, expires_at = $6, cwt_token = $7, cwt_etag = $8, updated_at = now() WHERE list_id = $1`,
        [listId, built.token, etagOf(built.token), list.version, now, expiresAt, built.cwt ?? null, built.cwt ? etagOf(built.cwt) : null],
      );
      return { state: 'published' };
    });
  }

  /** Lists that changed, were never signed, or need re-signing before `exp`. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const { rows } = await this.db.sql<{ list_id: string }>(
        `SELECT list_id FROM status_list.lists
         WHERE (version > published_version AND (published_at IS NULL OR published_at <= now() - make_interval(secs => $1)))
            OR expires_at < now() + make_interval(secs => $2)
         ORDER BY published_at NULLS FIRST LIMIT 50`,
        [this.config.publishIntervalMs / 1000, this.config.validitySeconds / 2],
      );
      for (const row of rows) await this.publish(row.list_id);
    } catch (error) {
      this.logger.warn({ err: error }, 'status list sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  /** Signs bytes with the list's signer key through kms; a raw signature (r‖s for ECDSA, as JWS and COSE use). */
  private async sign(list: StatusListRow, data: Buffer): Promise<Buffer> {
    const { signature } = await this.bus.request(KeySign, {
      keyId: list.signer.keyId,
      data: data.toString('base64url'),
      alg: list.signer.alg,
    });
    return Buffer.from(signature, 'base64url');
  }
}

export function etagOf(token: string): string {
  return `"${createHash('sha256').update(token).digest('base64url').slice(0, 32)}"`;
}
