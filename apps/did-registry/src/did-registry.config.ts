import { z } from 'zod';
import { loadConfig } from '@issuer/platform';
import { parseOutboundAllowList, type OutboundAllowList } from './dids/outbound-guard';

export const didRegistryEnvSchema = z.object({
  OUTBOUND_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseOutboundAllowList(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `must be comma-separated host names, IPs or CIDRs: ${(error as Error).message}` });
        return z.NEVER;
      }
    }),
});

export interface DidRegistryConfig {
  /** Hosts that did:web resolution may reach even when they resolve to private, loopback or link-local addresses. */
  outboundAllowList: OutboundAllowList;
}

export function loadDidRegistryConfig(env: NodeJS.ProcessEnv = process.env): DidRegistryConfig {
  return { outboundAllowList: loadConfig(didRegistryEnvSchema, env).OUTBOUND_ALLOWED_HOSTS };
}
