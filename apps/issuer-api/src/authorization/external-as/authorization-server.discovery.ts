import { Inject, Injectable } from '@nestjs/common';
import { authorizationServerMetadataUrls, checkAuthorizationServerMetadata, type DiscoveredAuthorizationServer } from '@issuer/oauth2';
import { LOGGER, TtlCache, type Logger } from '@issuer/platform';
import { AuthorizationServerFetcher } from './authorization-server.fetcher';
import { authorizationServerUnavailable } from './authorization-server-unavailable';

/** Metadata changes rarely (keys rotate in the JWKS, not here). */
const METADATA_TTL_MS = 10 * 60_000;

/**
 * The external AS's metadata (API.md §11): `{issuer}/.well-known/openid-configuration`, then RFC 8414's
 * `/.well-known/oauth-authorization-server{path}`; the first that answers with this exact `issuer` wins. Cached
 * per issuer; concurrent requests share one discovery. Failures are not cached: the next request tries again.
 */
@Injectable()
export class AuthorizationServerDiscovery {
  private readonly cache = new TtlCache<string, DiscoveredAuthorizationServer>(METADATA_TTL_MS, 1000);
  private readonly pending = new Map<string, Promise<DiscoveredAuthorizationServer>>();

  constructor(
    @Inject(AuthorizationServerFetcher) private readonly http: AuthorizationServerFetcher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async metadata(issuer: string): Promise<DiscoveredAuthorizationServer> {
    const cached = this.cache.get(issuer);
    if (cached) return cached;
    let pending = this.pending.get(issuer);
    if (!pending) {
      pending = this.discover(issuer).finally(() => this.pending.delete(issuer));
      this.pending.set(issuer, pending);
    }
    return pending;
  }

  private async discover(issuer: string): Promise<DiscoveredAuthorizationServer> {
    const problems: string[] = [];
    for (const url of authorizationServerMetadataUrls(issuer)) {
      const { status, body } = await this.http.get(url);
      const checked =
        status === 200 ? checkAuthorizationServerMetadata(body, issuer) : { ok: false as const, description: `status ${status}` };
      if (checked.ok) {
        this.cache.set(issuer, checked.metadata);
        return checked.metadata;
      }
      problems.push(`${url}: ${checked.description}`);
    }
    this.logger.warn({ issuer, problems }, 'no usable metadata of the external authorization server');
    throw authorizationServerUnavailable('the authorization server metadata could not be read; try again');
  }
}
