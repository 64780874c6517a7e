import type { DynamicModule } from '@nestjs/common';
import { DataRetentionModule } from '@issuer/app-data-retention';
import { DidRegistryModule } from '@issuer/app-did-registry';
import { IssuerApiModule } from '@issuer/app-issuer-api';
import { KmsModule } from '@issuer/app-kms';
import { NotificationsModule } from '@issuer/app-notifications';
import { StatusListModule } from '@issuer/app-status-list';
import { PlatformModule, type PlatformRuntime } from '@issuer/platform';

/** All six services' modules in one process, sharing one runtime (in-process bus) and one HTTP port. */
export class StandaloneModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        PlatformModule.forRoot(runtime),
        KmsModule,
        DidRegistryModule,
        StatusListModule,
        NotificationsModule,
        DataRetentionModule,
        IssuerApiModule,
      ],
    };
  }
}
