import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SessionWebhookTarget, type WebhookTarget, type WebhookTargetRequest, type WebhookTargetResponse } from '@issuer/contracts';
import { BUS, type Bus, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { rowsHint } from '../events/event-sql';
import { SigningSecretRepository } from './signing-secret.repository';
import { WebhookConfigService } from './webhook-config.service';
import { sessionSnapshotSql } from '../sessions/session-snapshot.store';

/**
 * Answers `issuer.sessions.webhook-target.v1` for notifications: the webhook of each session's snapshot
 * (profile version plus runtime overrides) with its bearer token opened, and the issuer's signing secrets.
 */
@Injectable()
export class WebhookTargetHandler implements OnModuleInit {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(WebhookConfigService) private readonly webhooks: WebhookConfigService,
    @Inject(SigningSecretRepository) private readonly secrets: SigningSecretRepository,
  ) {}

  onModuleInit(): void {
    this.bus.serve(SessionWebhookTarget, (request) => this.targets(request), 'issuer-api');
  }

  async targets(request: WebhookTargetRequest): Promise<WebhookTargetResponse> {
    if (!request.sessions.length) return { targets: [] };
    const { rows } = await this.db.sql<{ ord: number; issuer_id: string; session_id: string; notifications: unknown }>(
      `SELECT * FROM (SELECT x.ord, s.issuer_id, s.session_id, ${sessionSnapshotSql('s')}->'profile'->'notifications' AS notifications
         FROM (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, "issuerId" text, "sessionId" text) ${rowsHint(request.sessions.length)}) x
         JOIN issuer_api.sessions s ON s.issuer_id = x."issuerId" AND s.session_id = x."sessionId") t
       WHERE t.notifications->'webhook' IS NOT NULL`,
      [JSON.stringify(request.sessions.map((s, ord) => ({ ...s, ord })))],
    );
    const secrets = await this.secrets.activeSecrets(rows.map((r) => r.issuer_id));
    const targets: (WebhookTarget | null)[] = request.sessions.map(() => null);
    for (const row of rows) {
      const webhook = this.webhooks.open(row.notifications, row.issuer_id);
      if (!webhook) continue;
      targets[row.ord] = {
        issuerId: row.issuer_id,
        sessionId: row.session_id,
        ...webhook,
        signingSecrets: secrets.get(row.issuer_id) ?? [],
      };
    }
    return { targets };
  }
}
