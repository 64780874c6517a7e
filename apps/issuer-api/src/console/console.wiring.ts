import { PLATFORM_RUNTIME, type PlatformRuntime } from '@issuer/platform';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';
import { ConsoleController } from './console.controller';
import { CONSOLE_SETTINGS } from './console.wiring-tokens';
import { loadConsoleSettings } from './console.settings';

export const CONSOLE_CONTROLLERS = [ConsoleController];
export const CONSOLE_PROVIDERS = [
  {
    provide: CONSOLE_SETTINGS,
    inject: [ISSUER_API_CONFIG, PLATFORM_RUNTIME],
    useFactory: (config: IssuerApiConfig, runtime: PlatformRuntime) => loadConsoleSettings(runtime.config.publicUrl, config.adminOidc),
  },
];
