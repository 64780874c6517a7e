import type { Provider } from '@nestjs/common';
import { z } from 'zod';
import { loadConfig, OutboundGuard, outboundAllowedHostsEnv } from '@issuer/platform';

export const ISSUER_OUTBOUND_GUARD = Symbol('ISSUER_OUTBOUND_GUARD');

/** Checks webhook URLs at configuration time against OUTBOUND_ALLOWED_HOSTS (API.md §10: refusal is a 400). */
export const outboundGuardProvider: Provider = {
  provide: ISSUER_OUTBOUND_GUARD,
  useFactory: () =>
    new OutboundGuard(loadConfig(z.object({ OUTBOUND_ALLOWED_HOSTS: outboundAllowedHostsEnv }), process.env).OUTBOUND_ALLOWED_HOSTS),
};
