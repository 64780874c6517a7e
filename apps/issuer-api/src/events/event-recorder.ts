import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher, type OutboxRelay, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';
import { insertEventRowsSql, SqlParams, type EventRow, type EventSpec } from './event-sql';
import { ISSUER_EVENTS_RELAY } from './events.tokens';

/** Writes events that accompany no state change; concurrent requests share one INSERT. */
@Injectable()
export class EventRecorder {
  private readonly eventWrites = new MicroBatcher(async (batches: EventRow[][]) => {
    const p = new SqlParams();
    await this.db.sqlRelaxed(insertEventRowsSql(batches.flat(), p), p.values, { prepared: true });
    this.relay.kick();
    return batches.map(() => undefined);
  });

  constructor(
    @Inject(ISSUER_API_DB) private readonly db: ServiceDatabase,
    @Inject(ISSUER_EVENTS_RELAY) private readonly relay: OutboxRelay,
  ) {}

  /**
   * Records events that accompany no state change (failures, nonce requests), for a session or
   * issuer-wide; committed without waiting for the WAL flush.
   */
  async recordEvents(
    issuerId: string,
    sessionId: string | undefined,
    profileId: string | undefined,
    specs: EventSpec[],
    requestId: string,
  ): Promise<void> {
    await this.eventWrites.run(specs.map((spec) => ({ ...spec, issuerId, sessionId, profileId, requestId })));
  }

  /**
   * Records events of the session an access token names, if the token is this issuer's and unexpired, otherwise
   * issuer-wide (the public nonce endpoint, API.md §10): the lookup is part of the insert, one statement for both.
   */
  async recordEventsOfAccessToken(
    issuerId: string,
    accessToken: { sessionId: string; hash: string } | undefined,
    specs: EventSpec[],
    requestId: string,
  ): Promise<void> {
    await this.eventWrites.run(specs.map((spec) => ({ ...spec, issuerId, accessToken, requestId })));
  }
}
