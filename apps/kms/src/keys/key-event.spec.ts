import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { KMS_EVENT_NAMES } from '@issuer/contracts';
import { keyEventOf } from './key-event';
import type { StoredKey } from './kms-backend';

describe('keyEventOf', () => {
  const key: StoredKey = {
    keyId: randomUUID(),
    name: 'signing',
    type: 'secp256r1',
    backend: 'local',
    alg: 'ES256',
    publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'kid-1', d: 'must-not-leak' },
    privateKeyEncrypted: Buffer.from('secret blob'),
    externalKeyId: null,
    createdAt: new Date(),
  };

  it('builds the envelope {id, event, timestamp, keyId, data} on kms.events.v1.<keyId>.<event>', () => {
    const now = new Date('2026-11-28T12:00:00.000Z');
    for (const event of KMS_EVENT_NAMES) {
      const row = keyEventOf(event, key, now);
      assert.equal(row.subject, `kms.events.v1.${key.keyId}.${event}`);
      assert.equal(row.event, event);
      assert.deepEqual(row.payload, {
        id: row.id,
        event,
        timestamp: '2026-11-28T12:00:00.000Z',
        keyId: key.keyId,
        data: { type: 'secp256r1', backend: 'local', alg: 'ES256', kid: 'kid-1' },
      });
    }
  });

  it('never carries private material, and gives each event its own id', () => {
    const a = keyEventOf('key_created', key);
    const b = keyEventOf('key_created', key);
    assert.notEqual(a.id, b.id);
    const json = JSON.stringify(a);
    assert.ok(!json.includes('must-not-leak'));
    assert.ok(!json.includes(Buffer.from('secret blob').toString('base64')));
    assert.ok(!json.includes('secret blob'));
  });
});
