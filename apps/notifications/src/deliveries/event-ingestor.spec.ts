import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { InProcessBus, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_EVENTS_SUBJECT_ROOT, SessionWebhookTarget, type EventName } from '@issuer/contracts';
import { EventIngestor } from './event-ingestor';
import type { DeliveryRepository, NewDelivery } from './delivery.repository';

const silent = pino({ level: 'silent' });

/** An ingestor on an in-process bus whose issuer-api knows the webhook URL of each session in `hooks` (null: none). */
function setUp(hooks: Map<string, string | null>) {
  const bus = new InProcessBus(silent);
  const asked: string[][] = [];
  bus.serve(
    SessionWebhookTarget,
    async ({ sessions }) => {
      asked.push(sessions.map((s) => s.sessionId));
      return {
        targets: sessions.map((s) => {
          const url = hooks.get(s.sessionId);
          return url ? { ...s, url, signingSecrets: [] } : null;
        }),
      };
    },
    'issuer-api',
  );
  const delivered: NewDelivery[] = [];
  const repository = {
    insert: async (_exec: unknown, rows: NewDelivery[]) => (delivered.push(...rows), rows.length),
    forgetSessions: async (_exec: unknown, sessions: { issuerId: string; sessionId: string }[]) => {
      const gone = new Set(sessions.map((r) => `${r.issuerId}/${r.sessionId}`));
      for (let i = delivered.length - 1; i >= 0; i--)
        if (gone.has(`${delivered[i].issuerId}/${delivered[i].sessionId}`)) delivered.splice(i, 1);
    },
  } as unknown as DeliveryRepository;
  const ingestor = new EventIngestor(bus, {} as ServiceDatabase, repository, 'notifications', () => undefined, silent);
  ingestor.start();
  let n = 0;
  const publish = (sessionId: string, event: EventName) =>
    bus.publishDurable(`${ISSUER_EVENTS_SUBJECT_ROOT}.acme.${sessionId}.${event}`, {
      id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
      event,
      issuerId: 'acme',
      sessionId,
    });
  return { ingestor, asked, delivered, publish };
}

describe('EventIngestor', () => {
  it("asks issuer-api for a session's webhook once, not once per batch of its events", async () => {
    const { ingestor, asked, delivered, publish } = setUp(new Map([['s1', 'https://hooks.example/a']]));
    await publish('s1', 'credential_offer_created');
    await publish('s1', 'credential_offer_retrieved');
    await publish('s1', 'issuance_status_changed');
    assert.deepEqual(asked, [['s1']]);
    assert.deepEqual(
      delivered.map((d) => [d.event, d.url]),
      [
        ['credential_offer_created', 'https://hooks.example/a'],
        ['credential_offer_retrieved', 'https://hooks.example/a'],
        ['issuance_status_changed', 'https://hooks.example/a'],
      ],
    );
    await ingestor.stop();
  });

  it('remembers that a session has no webhook', async () => {
    const { ingestor, asked, delivered, publish } = setUp(new Map([['s2', null]]));
    await publish('s2', 'credential_offer_created');
    await publish('s2', 'credential_offer_retrieved');
    assert.deepEqual(asked, [['s2']]);
    assert.equal(delivered.length, 0);
    await ingestor.stop();
  });

  it('asks again with session_purged: the purged session is not delivered to, as before the cache', async () => {
    const hooks = new Map<string, string | null>([['s3', 'https://hooks.example/b']]);
    const { ingestor, asked, delivered, publish } = setUp(hooks);
    await publish('s3', 'credential_offer_created');
    hooks.delete('s3'); // the session row is gone
    await publish('s3', 'session_purged');
    assert.deepEqual(asked, [['s3'], ['s3']]);
    assert.deepEqual(
      delivered.map((d) => d.event),
      [],
      "the session's deliveries go with its session_purged, also those ingested after the purge cleaned up",
    );
    await ingestor.stop();
  });
});
