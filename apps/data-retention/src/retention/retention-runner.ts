import { randomUUID } from 'node:crypto';
import {
  BusError,
  IssuerSessionsPurge,
  NotificationsDeliveriesPending,
  NotificationsDeliveriesPurge,
  type RetentionConfig,
  type RetentionRun,
  type SessionRef,
} from '@issuer/contracts';
import type { Bus, Logger, ServiceDatabase } from '@issuer/platform';
import { parseDuration } from '@issuer/credentials';
import type { DataRetentionSettings } from '../data-retention.config';
import type { RetentionRepository } from './retention.repository';

const LOCK = 'data-retention:run';
const BATCH = 100;
const LISTED = 100;
/** Sessions with PENDING webhook deliveries kept per run; with more than that the run purges nothing. */
const MAX_KEPT = 2_000; // ~200 KB of session refs in each purge request, well under NATS' 1 MB

/**
 * One retention run, orchestrated where nothing is stored: issuer-api purges sessions and their events
 * in batches (oldest first, at most maxDeletePerRun), notifications drops the deliveries of those
 * sessions. A PostgreSQL advisory lock, held on one connection for the whole run, lets exactly one
 * replica run at a time; a second caller gets CONFLICT, a second replica firing the same cron slot
 * finds the slot taken and does nothing.
 */
export class RetentionRunner {
  constructor(
    private readonly db: ServiceDatabase,
    private readonly repository: RetentionRepository,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly settings: DataRetentionSettings,
  ) {}

  /** Runs now; undefined when `scheduledFor` was already run by another replica. */
  async run(config: RetentionConfig, options: { dryRun?: boolean; trigger: RetentionRun['trigger']; scheduledFor?: Date }) {
    const client = await this.db.pool.connect();
    let unlockFailed: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK]);
      if (!rows[0].locked) throw new BusError('CONFLICT', 'a retention run is in progress');
      try {
        await this.repository.failAbandoned();
        return await this.locked(config, options);
      } finally {
        // The run's outcome stands even if its lock connection was lost meanwhile (the server released the lock).
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).catch((error: Error) => (unlockFailed = error));
      }
    } finally {
      // A connection that may still hold the lock is closed, not pooled: closing it releases the lock.
      client.release(unlockFailed);
    }
  }

  private async locked(
    config: RetentionConfig,
    options: { dryRun?: boolean; trigger: RetentionRun['trigger']; scheduledFor?: Date },
  ): Promise<RetentionRun | undefined> {
    const age = parseDuration(config.maxIssuerSessionAge);
    if (!age.valid) throw new BusError('BAD_REQUEST', `maxIssuerSessionAge: ${age.message}`);
    const runId = randomUUID();
    const dryRun = options.dryRun ?? config.dryRun;
    const cutoff = new Date(Date.now() - age.ms);
    const scope = { cutoff: cutoff.toISOString(), expiredBefore: new Date(Date.now() - this.settings.expiredGraceMs).toISOString() };
    if (!(await this.repository.start({ runId, trigger: options.trigger, dryRun, cutoff, scheduledFor: options.scheduledFor }))) {
      return undefined;
    }
    let matched = 0;
    const purged: SessionRef[] = [];
    try {
      const pending = await this.bus.request(NotificationsDeliveriesPending, { limit: MAX_KEPT });
      if (pending.truncated) throw new Error(`more than ${MAX_KEPT} sessions have pending webhook deliveries; nothing was purged`);
      const keep = pending.sessions;
      if (dryRun) {
        const result = await this.bus.request(IssuerSessionsPurge, {
          ...scope,
          keep,
          limit: Math.min(LISTED, config.maxDeletePerRun),
          dryRun: true,
        });
        return await this.repository.finish(runId, {
          status: 'COMPLETED',
          matched: result.matched,
          deleted: 0,
          sessionIds: result.sessions.map((s) => s.sessionId),
        });
      }
      let first = true;
      while (purged.length < config.maxDeletePerRun) {
        const limit = Math.min(BATCH, config.maxDeletePerRun - purged.length);
        const result = await this.bus.request(IssuerSessionsPurge, { ...scope, keep, limit, dryRun: false, runId });
        if (first) matched = result.matched;
        first = false;
        purged.push(...result.sessions);
        await this.bus.request(NotificationsDeliveriesPurge, { sessions: result.sessions, createdBefore: cutoff.toISOString() });
        if (result.sessions.length < limit) break;
      }
      this.logger.info({ runId, matched, deleted: purged.length }, 'retention run completed');
      return await this.repository.finish(runId, {
        status: 'COMPLETED',
        matched,
        deleted: purged.length,
        sessionIds: purged.slice(0, LISTED).map((s) => s.sessionId),
      });
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'retention run failed');
      return await this.repository.finish(runId, {
        status: 'FAILED',
        matched,
        deleted: purged.length,
        sessionIds: purged.slice(0, LISTED).map((s) => s.sessionId),
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
