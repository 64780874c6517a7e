import { Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  CertificateCreate,
  CertificateGet,
  CertificateImport,
  CertificateList,
  healthPingContract,
  KeyCreate,
  KeyDelete,
  KeyDisable,
  KeyEnable,
  KeyGet,
  KeyImport,
  KeyList,
  KeySign,
  KeySignBatch,
  KMS_EVENTS_SUBJECT_ROOT,
  type KmsKeyEvent,
} from '@issuer/contracts';
import {
  BUS,
  LOGGER,
  OutboxRelay,
  PLATFORM_RUNTIME,
  serviceDatabaseProvider,
  type Bus,
  type Logger,
  type PlatformRuntime,
  type ServiceDatabase,
} from '@issuer/platform';
import { CertificateRepository } from './certificates/certificate.repository';
import { CertificateService } from './certificates/certificate.service';
import { KeyEntity } from './keys/key.entity';
import { KeyRepository, KMS_OUTBOX_TABLE } from './keys/key.repository';
import { KeyService } from './keys/key.service';
import { signBatch } from './keys/key-sign-batch.handler';
import { KeyUsageRecorder } from './keys/key-usage.recorder';
import { LocalKeyBackend } from './keys/local-key-backend';
import { MasterKeyCipher } from './keys/master-key-cipher';
import { VaultTransitBackend } from './keys/vault-transit-backend';
import { AwsKmsBackend } from './keys/aws-kms-backend';
import { AzureKeyVaultBackend } from './keys/azure-key-vault-backend';
import { OciVaultBackend } from './keys/oci-vault-backend';
import type { KmsBackend } from './keys/kms-backend';
import { loadAwsKmsConfig, loadAzureKeyVaultConfig, loadKmsConfig, loadOciVaultConfig, loadVaultConfig } from './kms.config';
import NodeVault from 'node-vault';
import { KMSClient } from '@aws-sdk/client-kms';
import { ClientSecretCredential } from '@azure/identity';
import { MaxAttemptsTerminationStrategy, Region, SimpleAuthenticationDetailsProvider } from 'oci-common';
import { KmsCryptoClient, KmsManagementClient } from 'oci-keymanagement';
import { KMS_MIGRATIONS } from './database/kms-migrations';

const KMS_DB = Symbol('KMS_DB');
const KMS_EVENTS_RELAY = Symbol('KMS_EVENTS_RELAY');
const LOCAL_BACKEND = Symbol('LOCAL_BACKEND');
const EXTERNAL_BACKENDS = Symbol('EXTERNAL_BACKENDS');
export const KMS_SERVICE_NAME = 'kms';
/** Events after which a cached key row is stale. */
const EVICTING_EVENTS = new Set(['key_disabled', 'key_enabled', 'key_deleted']);

/** The Vault transit backend when VAULT_ADDR is set (validated at boot; the token is never logged). */
function vaultBackend(): VaultTransitBackend | undefined {
  const config = loadVaultConfig();
  if (!config) return undefined;
  const client = NodeVault({ apiVersion: 'v1', endpoint: config.endpoint, token: config.token, namespace: config.namespace });
  return new VaultTransitBackend(client, config.mount);
}

/** The AWS KMS backend when AWS_KMS_REGION is set (credentials from the SDK's default chain, never logged). */
function awsKmsBackend(): AwsKmsBackend | undefined {
  const config = loadAwsKmsConfig();
  if (!config) return undefined;
  return new AwsKmsBackend(new KMSClient({ region: config.region, endpoint: config.endpoint }));
}

/** The Azure Key Vault backend when AZURE_KEY_VAULT_URL is set (client secret credential, never logged). */
function azureKeyVaultBackend(): AzureKeyVaultBackend | undefined {
  const config = loadAzureKeyVaultConfig();
  if (!config) return undefined;
  const credential = new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, {
    ...(config.authorityHost ? { authorityHost: config.authorityHost } : {}),
  });
  return new AzureKeyVaultBackend(config.vaultUrl, credential);
}

/** The OCI Vault backend when OCI_KMS_MANAGEMENT_ENDPOINT is set (API key request signing; the key is never logged). */
function ociVaultBackend(): OciVaultBackend | undefined {
  const config = loadOciVaultConfig();
  if (!config) return undefined;
  const provider = new SimpleAuthenticationDetailsProvider(
    config.tenancyId,
    config.userId,
    config.fingerprint,
    config.privateKey,
    config.passphrase ?? null,
    // Endpoints are explicit; a region this SDK version does not know yet only leaves the provider without one.
    Region.fromRegionId(config.region),
  );
  // The SDK's default retries last minutes; a bus request waits seconds.
  const configuration = { retryConfiguration: { terminationStrategy: new MaxAttemptsTerminationStrategy(3) } };
  const management = new KmsManagementClient({ authenticationDetailsProvider: provider }, configuration);
  const crypto = new KmsCryptoClient({ authenticationDetailsProvider: provider }, configuration);
  management.endpoint = config.managementEndpoint;
  crypto.endpoint = config.cryptoEndpoint;
  return new OciVaultBackend(management, crypto, { compartmentId: config.compartmentId, protectionMode: config.protectionMode });
}

/** The external backends whose configuration is present (each validated, failing the boot naming the variable). */
function externalBackends(): Map<string, KmsBackend> {
  const backends = new Map<string, KmsBackend>();
  for (const backend of [vaultBackend(), awsKmsBackend(), azureKeyVaultBackend(), ociVaultBackend()])
    if (backend) backends.set(backend.name, backend);
  return backends;
}

/** The kms service: keys and signing, reachable only over the bus. */
@Module({
  providers: [
    // First, with no dependencies: a bad master key or provider configuration fails the boot before the
    // database and relay start (a failed boot must leave no connection or timer behind).
    { provide: LOCAL_BACKEND, useFactory: () => new LocalKeyBackend(new MasterKeyCipher(loadKmsConfig().masterKey)) },
    { provide: EXTERNAL_BACKENDS, useFactory: externalBackends },
    serviceDatabaseProvider(KMS_DB, {
      schema: 'kms',
      entities: [KeyEntity],
      migrations: KMS_MIGRATIONS,
    }),
    { provide: KeyRepository, inject: [KMS_DB], useFactory: (db: ServiceDatabase) => new KeyRepository(db) },
    {
      provide: KeyUsageRecorder,
      inject: [KeyRepository, LOGGER],
      useFactory: (keys: KeyRepository, logger: Logger) => new KeyUsageRecorder((usage) => keys.addUsage(usage), logger),
    },
    {
      provide: KMS_EVENTS_RELAY,
      inject: [KMS_DB, BUS, LOGGER],
      useFactory: (db: ServiceDatabase, bus: Bus, logger: Logger) => {
        // Started at bootstrap: a boot that fails (bad configuration) must leave no relay polling the database.
        return new OutboxRelay(db, KMS_OUTBOX_TABLE, bus, logger);
      },
    },
    {
      provide: KeyService,
      inject: [KeyRepository, LOCAL_BACKEND, EXTERNAL_BACKENDS, KeyUsageRecorder, KMS_EVENTS_RELAY],
      useFactory: (
        keys: KeyRepository,
        local: LocalKeyBackend,
        external: Map<string, KmsBackend>,
        usage: KeyUsageRecorder,
        relay: OutboxRelay,
      ) => {
        const backends = new Map<string, KmsBackend>([[local.name, local], ...external]);
        const service = new KeyService(keys, local, backends, usage);
        service.onChange = () => relay.kick();
        return service;
      },
    },
    {
      provide: CertificateService,
      inject: [KMS_DB, KeyService],
      useFactory: (db: ServiceDatabase, keys: KeyService) => new CertificateService(new CertificateRepository(db), keys),
    },
  ],
})
export class KmsModule implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_RUNTIME) private readonly runtime: PlatformRuntime,
    @Inject(KeyService) private readonly keys: KeyService,
    @Inject(KeyUsageRecorder) private readonly usage: KeyUsageRecorder,
    @Inject(LOCAL_BACKEND) private readonly local: LocalKeyBackend,
    @Inject(CertificateService) private readonly certificates: CertificateService,
    @Inject(KMS_EVENTS_RELAY) private readonly relay: OutboxRelay,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  onModuleInit(): void {
    const q = KMS_SERVICE_NAME;
    this.bus.serve(KeyCreate, (r) => this.keys.create(r), q);
    this.bus.serve(KeyImport, (r) => this.keys.import(r), q);
    this.bus.serve(KeyGet, (r) => this.keys.get(r.keyId), q);
    this.bus.serve(KeyList, (r) => this.keys.list(r.limit ?? 100, r.cursor), q);
    this.bus.serve(KeyDelete, (r) => this.keys.delete(r.keyId), q);
    this.bus.serve(KeyDisable, (r) => this.keys.disable(r.keyId), q);
    this.bus.serve(KeyEnable, (r) => this.keys.enable(r.keyId), q);
    this.bus.serve(KeySign, (r) => this.keys.sign(r), q);
    this.bus.serve(KeySignBatch, (r) => signBatch(this.keys, r.items, this.logger), q);
    this.bus.serve(CertificateCreate, (r) => this.certificates.create(r), q);
    this.bus.serve(CertificateImport, (r) => this.certificates.import(r), q);
    this.bus.serve(CertificateGet, (r) => this.certificates.get(r.certificateId), q);
    this.bus.serve(CertificateList, (r) => this.certificates.list(r.limit ?? 100, r.cursor), q);
    this.bus.serve(healthPingContract(q), async () => ({ service: q, instanceId: this.runtime.instanceId }), q);
    // Every replica drops its cached row when another one disabled, enabled or deleted the key.
    this.unsubscribe = this.bus.subscribe(`${KMS_EVENTS_SUBJECT_ROOT}.*.*`, (payload) => {
      const event = payload as Partial<KmsKeyEvent>;
      if (typeof event.keyId !== 'string' || !EVICTING_EVENTS.has(String(event.event))) return;
      this.keys.evict(event.keyId);
      if (event.event === 'key_deleted') this.local.evict(event.keyId);
    });
    this.usage.start();
  }

  /** Counts still in memory are written before the database pool closes (that happens at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await this.usage.stop();
  }
}
