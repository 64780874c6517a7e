import { randomUUID } from 'node:crypto';
import { kmsEventSubject, type KmsEventName, type KmsKeyEvent } from '@issuer/contracts';
import type { StoredKey } from './kms-backend';

/** An outbox row of kms.outbox. */
export interface KeyEventRow {
  id: string;
  subject: string;
  event: KmsEventName;
  payload: KmsKeyEvent;
}

/**
 * The audit event of a key change. Only public metadata goes in: the envelope is built field by field
 * from the key, so no private member (the encrypted blob, `d` of a JWK) can slip into the outbox.
 */
export function keyEventOf(event: KmsEventName, key: StoredKey, now = new Date()): KeyEventRow {
  const id = randomUUID();
  return {
    id,
    subject: kmsEventSubject(key.keyId, event),
    event,
    payload: {
      id,
      event,
      timestamp: now.toISOString(),
      keyId: key.keyId,
      data: { type: key.type, backend: key.backend, alg: key.alg, kid: key.publicJwk.kid },
    },
  };
}
