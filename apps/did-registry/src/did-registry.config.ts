import { z } from 'zod';
import { loadConfig, outboundAllowedHostsEnv, type OutboundAllowList } from '@issuer/platform';

export const didRegistryEnvSchema = z.object({ OUTBOUND_ALLOWED_HOSTS: outboundAllowedHostsEnv });

export interface DidRegistryConfig {
  /** Hosts that did:web resolution may reach even when they resolve to private, loopback or link-local addresses. */
  outboundAllowList: OutboundAllowList;
}

export function loadDidRegistryConfig(env: NodeJS.ProcessEnv = process.env): DidRegistryConfig {
  return { outboundAllowList: loadConfig(didRegistryEnvSchema, env).OUTBOUND_ALLOWED_HOSTS };
}
