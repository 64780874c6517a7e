import { DEFAULT_RETENTION_CONFIG, type RetentionConfig, type RetentionRun } from '@issuer/contracts';
import type { ServiceDatabase } from '@issuer/platform';

interface RunRow {
  run_id: string;
  trigger: RetentionRun['trigger'];
  dry_run: boolean;
  cutoff: Date;
  status: RetentionRun['status'];
  matched: number;
  deleted: number;
  session_ids: string[];
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const toRun = (r: RunRow): RetentionRun => ({
  runId: r.run_id,
  dryRun: r.dry_run,
  cutoff: r.cutoff.toISOString(),
  matched: r.matched,
  deleted: r.deleted,
  sessionIds: r.session_ids,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  trigger: r.trigger,
  status: r.status,
  ...(r.error ? { error: r.error } : {}),
});

/** data_retention.config and data_retention.runs. */
export class RetentionRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async config(): Promise<RetentionConfig> {
    const { rows } = await this.db.sql<{ body: RetentionConfig }>('SELECT body FROM data_retention.config WHERE id = 1');
    return rows[0]?.body ?? DEFAULT_RETENTION_CONFIG;
  }

  async saveConfig(config: RetentionConfig): Promise<RetentionConfig> {
    await this.db.sql(
      `INSERT INTO data_retention.config (id, body) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, updated_at = now()`,
      [config],
    );
    return config;
  }

  /** Records a started run; for a cron slot that already has a run (another replica), returns false. */
  async start(run: {
    runId: string;
    trigger: RetentionRun['trigger'];
    dryRun: boolean;
    cutoff: Date;
    scheduledFor?: Date;
  }): Promise<boolean> {
    const { rowCount } = await this.db.sql(
      `INSERT INTO data_retention.runs (run_id, trigger, dry_run, cutoff, status, scheduled_for) VALUES ($1, $2, $3, $4, 'RUNNING', $5)
       ON CONFLICT (scheduled_for) DO NOTHING`,
      [run.runId, run.trigger, run.dryRun, run.cutoff, run.scheduledFor ?? null],
    );
    return rowCount > 0;
  }

  async finish(
    runId: string,
    result: { status: RetentionRun['status']; matched: number; deleted: number; sessionIds: string[]; error?: string },
  ): Promise<RetentionRun> {
    const { rows } = await this.db.sql<RunRow>(
      `UPDATE data_retention.runs SET status = $2, matched = $3, deleted = $4, session_ids = $5, error = $6, finished_at = clock_timestamp()
       WHERE run_id = $1 RETURNING *`,
      [runId, result.status, result.matched, result.deleted, JSON.stringify(result.sessionIds), result.error ?? null],
    );
    return toRun(rows[0]);
  }

  /** A run left RUNNING by a process that died; closed when the lock shows nobody runs. */
  async failAbandoned(): Promise<void> {
    await this.db.sql(
      `UPDATE data_retention.runs SET status = 'FAILED', error = 'the process running it stopped', finished_at = now() WHERE status = 'RUNNING'`,
    );
  }

  async list(limit = 100): Promise<RetentionRun[]> {
    const { rows } = await this.db.sql<RunRow>('SELECT * FROM data_retention.runs ORDER BY started_at DESC, run_id LIMIT $1', [limit]);
    return rows.map(toRun);
  }
}
