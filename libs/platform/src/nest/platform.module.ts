import { Global, Module, type DynamicModule } from '@nestjs/common';
import { BUS } from '../bus/bus';
import { PLATFORM_CONFIG } from '../config/platform-config';
import { HealthController } from '../health/health.controller';
import { HealthRegistry } from '../health/health-registry';
import { LOGGER } from './tokens';
import { PLATFORM_RUNTIME, type PlatformRuntime } from './platform-runtime';

/** Global module exposing the process runtime to every service module, plus health and metrics routes. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    const providers = [
      { provide: PLATFORM_RUNTIME, useValue: runtime },
      { provide: PLATFORM_CONFIG, useValue: runtime.config },
      { provide: BUS, useValue: runtime.bus },
      { provide: LOGGER, useValue: runtime.logger },
      { provide: HealthRegistry, useValue: runtime.health },
    ];
    return { module: PlatformModule, global: true, controllers: [HealthController], providers, exports: providers.map((p) => p.provide) };
  }
}
