import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { DidCreate, DidDelete, DidKeyInUse, DidList, DidResolve, DidWebDocument, healthPingContract } from '@issuer/contracts';
import {
  BUS,
  OutboundGuard,
  PLATFORM_RUNTIME,
  serviceDatabaseProvider,
  type Bus,
  type PlatformRuntime,
  type ServiceDatabase,
} from '@issuer/platform';
import { loadDidRegistryConfig, type DidRegistryConfig } from './did-registry.config';
import { DidWebResolver } from './dids/did-web.resolver';
import { DidRepository } from './dids/did.repository';
import { DidResolver } from './dids/did.resolver';
import { DidService } from './dids/did.service';
import { DID_REGISTRY_MIGRATIONS } from './database/did-registry-migrations';

export const DID_REGISTRY_SERVICE_NAME = 'did-registry';
const DB = Symbol('did_registry_db');
const CONFIG = Symbol('did_registry_config');

/** The did-registry service: did:key, did:jwk and did:web DIDs of kms keys, DID resolution, hosted did:web documents. */
@Module({
  providers: [
    // First, so a bad OUTBOUND_ALLOWED_HOSTS stops the boot before the database is touched.
    { provide: CONFIG, useFactory: () => loadDidRegistryConfig() },
    serviceDatabaseProvider(DB, { schema: 'did_registry', entities: [], migrations: DID_REGISTRY_MIGRATIONS }),
    {
      provide: DidService,
      inject: [CONFIG, DB, PLATFORM_RUNTIME],
      useFactory: (config: DidRegistryConfig, db: ServiceDatabase, runtime: PlatformRuntime) => {
        const repository = new DidRepository(db);
        const publicUrl = runtime.config.publicUrl;
        const resolver = new DidResolver(
          publicUrl,
          (did) => repository.find(did),
          new DidWebResolver(new OutboundGuard(config.outboundAllowList)),
        );
        return new DidService(runtime.bus, repository, resolver, publicUrl);
      },
    },
  ],
})
export class DidRegistryModule implements OnModuleInit {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(PLATFORM_RUNTIME) private readonly runtime: PlatformRuntime,
    @Inject(DidService) private readonly dids: DidService,
  ) {}

  onModuleInit(): void {
    const q = DID_REGISTRY_SERVICE_NAME;
    this.bus.serve(DidCreate, (r) => this.dids.create(r), q);
    this.bus.serve(DidList, () => this.dids.list(), q);
    this.bus.serve(DidResolve, (r) => this.dids.resolve(r.did), q);
    this.bus.serve(DidDelete, (r) => this.dids.delete(r.did), q);
    this.bus.serve(DidWebDocument, (r) => this.dids.webDocument(r.path), q);
    this.bus.serve(DidKeyInUse, (r) => this.dids.keyInUse(r.keyId), q);
    this.bus.serve(healthPingContract(q), async () => ({ service: q, instanceId: this.runtime.instanceId }), q);
  }
}
