/** `GET /console/config.json`: what the console needs before sign-in (served by issuer-api, no secret in it). */
export interface ConsoleConfig {
  /**
   * PUBLIC_URL: where wallets reach the issuers. Public documents (issuer metadata for previews) are fetched there, as
   * a wallet would; on Kubernetes it is usually another host than the console's (CORS allows it, the CSP names it).
   */
  publicUrl?: string;
  /** Admin single sign-on (ADMIN_OIDC_*), when a public client for the console is configured. */
  sso?: { issuer: string; clientId: string; scope: string; resource?: string; name?: string };
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) return {};
  return (await response.json()) as ConsoleConfig;
}
