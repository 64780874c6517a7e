import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { healthPingContract, KeyCreate, KeyDelete, KeyGet, KeyImport, KeyList, KeySign } from '@issuer/contracts';
import { BUS, PLATFORM_RUNTIME, serviceDatabaseProvider, type Bus, type PlatformRuntime, type ServiceDatabase } from '@issuer/platform';
import { CreateKeys1764360000000 } from './database/migrations/1764360000000-create-keys';
import { KeyEntity } from './keys/key.entity';
import { KeyRepository } from './keys/key.repository';
import { KeyService } from './keys/key.service';
import { LocalKeyBackend } from './keys/local-key-backend';
import { MasterKeyCipher } from './keys/master-key-cipher';
import { loadKmsConfig } from './kms.config';

const KMS_DB = Symbol('KMS_DB');
export const KMS_SERVICE_NAME = 'kms';

/** The kms service: keys and signing, reachable only over the bus. */
@Module({
  providers: [
    serviceDatabaseProvider(KMS_DB, { schema: 'kms', entities: [KeyEntity], migrations: [CreateKeys1764360000000] }),
    {
      provide: KeyService,
      inject: [KMS_DB],
      useFactory: (db: ServiceDatabase) => {
        const local = new LocalKeyBackend(new MasterKeyCipher(loadKmsConfig().masterKey));
        return new KeyService(new KeyRepository(db), local, new Map([[local.name, local]]));
      },
    },
  ],
})
export class KmsModule implements OnModuleInit {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_RUNTIME) private readonly runtime: PlatformRuntime,
    @Inject(KeyService) private readonly keys: KeyService,
  ) {}

  onModuleInit(): void {
    const q = KMS_SERVICE_NAME;
    this.bus.serve(KeyCreate, (r) => this.keys.create(r), q);
    this.bus.serve(KeyImport, (r) => this.keys.import(r), q);
    this.bus.serve(KeyGet, (r) => this.keys.get(r.keyId), q);
    this.bus.serve(KeyList, (r) => this.keys.list(r.limit ?? 100, r.cursor), q);
    this.bus.serve(KeyDelete, (r) => this.keys.delete(r.keyId), q);
    this.bus.serve(KeySign, (r) => this.keys.sign(r), q);
    this.bus.serve(healthPingContract(q), async () => ({ service: q, instanceId: this.runtime.instanceId }), q);
  }
}
