import { resolve } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '@issuer/platform';
import type { AdminOidcSettings } from '../access/oidc/admin-oidc.settings';

/** What the console's page needs before anyone signs in: never a secret (the console is a public OAuth client). */
export interface ConsoleClientConfig {
  /** PUBLIC_URL: where wallets reach the issuers (metadata previews, offer links), often another host than /console's. */
  publicUrl: string;
  sso?: { issuer: string; clientId: string; scope: string; resource?: string; name: string };
}

export interface ConsoleSettings {
  enabled: boolean;
  /** The built console (tools/build.mjs writes dist/console). */
  directory: string;
  client: ConsoleClientConfig;
  /** Origins the page may fetch besides its own: the wallet-facing host (public metadata) and the single sign-on provider. */
  connectOrigins: string[];
}

export const consoleEnvSchema = z.object({
  /** `false` turns /console off (e.g. an edge that must expose no admin page). */
  CONSOLE_ENABLED: z.enum(['true', 'false']).default('true'),
  /** The console's public client at ADMIN_OIDC_ISSUER (authorization code + PKCE, redirect URI {PUBLIC_URL}/console/sso-callback). */
  ADMIN_OIDC_CONSOLE_CLIENT_ID: z.string().min(1).max(200).optional(),
  ADMIN_OIDC_CONSOLE_SCOPE: z.string().min(1).max(500).default('openid profile'),
  /** The button's label: "Sign in with <name>". */
  ADMIN_OIDC_CONSOLE_NAME: z.string().min(1).max(100).default('single sign-on'),
});

/** dist/apps/issuer-api/src/console/ → dist/console (where tools/build.mjs puts the console, in the image too). */
const DEFAULT_DIRECTORY = resolve(__dirname, '../../../../console');

export function loadConsoleSettings(
  publicUrl: string,
  adminOidc: AdminOidcSettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ConsoleSettings {
  const raw = loadConfig(consoleEnvSchema, env);
  const sso =
    adminOidc && raw.ADMIN_OIDC_CONSOLE_CLIENT_ID
      ? {
          issuer: adminOidc.issuer,
          clientId: raw.ADMIN_OIDC_CONSOLE_CLIENT_ID,
          scope: raw.ADMIN_OIDC_CONSOLE_SCOPE,
          // RFC 8707: asks the provider for an access token whose audience is the admin API (an absolute URI only).
          resource: URL.canParse(adminOidc.audience) ? adminOidc.audience : undefined,
          name: raw.ADMIN_OIDC_CONSOLE_NAME,
        }
      : undefined;
  return {
    enabled: raw.CONSOLE_ENABLED === 'true',
    directory: DEFAULT_DIRECTORY,
    client: sso ? { publicUrl, sso } : { publicUrl },
    connectOrigins: [...new Set([new URL(publicUrl).origin, ...(sso ? [new URL(sso.issuer).origin] : [])])],
  };
}
