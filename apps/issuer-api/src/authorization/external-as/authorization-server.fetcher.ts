import { Inject, Injectable } from '@nestjs/common';
import { createGuardedFetch, LOGGER, type Logger, type OutboundGuard } from '@issuer/platform';
import { ISSUER_OUTBOUND_GUARD } from '../../webhooks/outbound-guard.provider';
import { authorizationServerUnavailable } from './authorization-server-unavailable';

/** One call to the AS must not hold a wallet's request longer than this. */
const TIMEOUT_MS = 5_000;
/** Metadata, JWKS and introspection answers are small; anything larger is refused. */
const MAX_BYTES = 512 * 1024;

/** An answer of the authorization server: its status and, when it sent JSON, the parsed body. */
export interface AuthorizationServerAnswer {
  status: number;
  body: unknown;
}

/**
 * HTTP toward the external authorization server, through the SSRF guard (OUTBOUND_ALLOWED_HOSTS: `http` only for
 * listed hosts, pinned addresses, no redirects followed, bounded time and size). A call that does not complete is
 * the retryable `temporarily_unavailable`; any answer, whatever its status, is returned for the caller to judge.
 */
@Injectable()
export class AuthorizationServerFetcher {
  private readonly fetch: ReturnType<typeof createGuardedFetch>;

  constructor(
    @Inject(ISSUER_OUTBOUND_GUARD) guard: OutboundGuard,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.fetch = createGuardedFetch({ guard, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, allowHttpForListedHosts: true });
  }

  get(url: string): Promise<AuthorizationServerAnswer> {
    return this.call(url, { method: 'GET', headers: { accept: 'application/json' } });
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<AuthorizationServerAnswer> {
    return this.call(url, { method: 'POST', headers, body });
  }

  private async call(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<AuthorizationServerAnswer> {
    let response: Response;
    try {
      response = await this.fetch(url, init);
    } catch (error) {
      this.logger.warn({ err: error, url: new URL(url).origin }, 'the external authorization server could not be reached');
      throw authorizationServerUnavailable('the authorization server could not be reached; try again', error);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined; // not JSON: the caller sees no body and judges by the status
    }
    return { status: response.status, body };
  }
}
