import type { KeyType } from './key.types';

/** JetStream stream holding kms audit events (separate from ISSUER_EVENTS, whose subjects are per issuer). */
export const KMS_EVENTS_STREAM = 'KMS_EVENTS';
export const KMS_EVENTS_SUBJECT_ROOT = 'kms.events.v1';

/**
 * Key lifecycle audit events. Signatures are not events (they are the hot path): they are counted in
 * `signCount`/`lastUsedAt` of the key and in the Prometheus counter `kms_key_signatures_total`.
 */
export const KMS_EVENT_NAMES = ['key_created', 'key_imported', 'key_disabled', 'key_enabled', 'key_deleted'] as const;
export type KmsEventName = (typeof KMS_EVENT_NAMES)[number];

/** The envelope of a kms event. `data` holds public metadata only, never key material. */
export interface KmsKeyEvent {
  id: string;
  event: KmsEventName;
  timestamp: string;
  keyId: string;
  data: { type: KeyType; backend: string; alg: string; kid: string };
}

/** `kms.events.v1.<keyId>.<event>`; key ids are uuids, so they are valid subject tokens. */
export function kmsEventSubject(keyId: string, event: KmsEventName): string {
  return `${KMS_EVENTS_SUBJECT_ROOT}.${keyId.replace(/[.*>\s]/g, '_')}.${event}`;
}
