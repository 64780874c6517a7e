/**
 * Every request/reply subject on the bus. A breaking payload change is a new version (`.v2`), never an
 * edit of an existing one, so old and new replicas can run side by side during a rollout.
 */
export const Subjects = {
  KmsKeyCreate: 'kms.key.create.v1',
  KmsKeyImport: 'kms.key.import.v1',
  KmsKeyGet: 'kms.key.get.v1',
  KmsKeyList: 'kms.key.list.v1',
  KmsKeyDelete: 'kms.key.delete.v1',
  KmsKeySign: 'kms.key.sign.v1',
  KmsKeySignBatch: 'kms.key.sign-batch.v1',
  KmsKeyDisable: 'kms.key.disable.v1',
  KmsKeyEnable: 'kms.key.enable.v1',
  KmsCertificateCreate: 'kms.certificate.create.v1',
  KmsCertificateImport: 'kms.certificate.import.v1',
  KmsCertificateGet: 'kms.certificate.get.v1',
  KmsCertificateList: 'kms.certificate.list.v1',
  DidCreate: 'did.create.v1',
  DidList: 'did.list.v1',
  DidResolve: 'did.resolve.v1',
  DidDelete: 'did.delete.v1',
  DidWebDocument: 'did.web-document.v1',
  DidKeyInUse: 'did.key-in-use.v1',
  StatusEntriesAllocate: 'status.entries.allocate.v1',
  StatusEntriesRelease: 'status.entries.release.v1',
  StatusEntriesUpdate: 'status.entries.update.v1',
  StatusListGet: 'status.list.get.v1',
  StatusSigners: 'status.signers.v1',
  IssuerSessionsWebhookTarget: 'issuer.sessions.webhook-target.v1',
  IssuerSessionsPurge: 'issuer.sessions.purge.v1',
  NotificationsDeliveriesList: 'notifications.deliveries.list.v1',
  NotificationsDeliveryRedeliver: 'notifications.deliveries.redeliver.v1',
  NotificationsDeliveriesPurge: 'notifications.deliveries.purge.v1',
  NotificationsDeliveriesPending: 'notifications.deliveries.pending.v1',
  NotificationsDeliveriesCounts: 'notifications.deliveries.counts.v1',
  RetentionConfigGet: 'retention.config.get.v1',
  RetentionConfigPut: 'retention.config.put.v1',
  RetentionRunStart: 'retention.runs.start.v1',
  RetentionRunsList: 'retention.runs.list.v1',
  /** `<service>.health.ping.v1`: answered by every service, used by readiness checks and smoke tests. */
  HealthPing: (service: string) => `${service}.health.ping.v1`,
  /** Broadcast (no reply): an issuer's configuration changed; replicas drop cached metadata. */
  IssuerConfigChanged: 'issuer-api.cache.issuer-changed.v1',
  /** Broadcast (no reply): an admin principal (`<type>:<id>`, e.g. a revoked API key) lost its access; replicas end its event streams. */
  AdminPrincipalRevoked: 'issuer-api.access.principal-revoked.v1',
} as const;

/** Queue group names: one per service, so a request is handled by exactly one replica. */
export const ServiceNames = ['issuer-api', 'kms', 'did-registry', 'status-list', 'notifications', 'data-retention'] as const;
export type ServiceName = (typeof ServiceNames)[number];
