import { Inject, Injectable } from '@nestjs/common';
import { publicKeysOf, selectVerificationKey } from '@issuer/oauth2';
import { LOGGER, type Logger } from '@issuer/platform';
import { AuthorizationServerFetcher } from './authorization-server.fetcher';
import { authorizationServerUnavailable } from './authorization-server-unavailable';

/** Keys are fetched again at least this often, even when every token names a known one. */
const MAX_AGE_MS = 10 * 60_000;
/** At most one fetch per JWKS in this interval: tokens naming unknown keys cannot turn us into a load generator. */
const MIN_INTERVAL_MS = 1_000;
const MAX_KEY_SETS = 1000;

interface KeySet {
  keys: Record<string, unknown>[];
  fetchedAt: number;
}

/**
 * The external AS's signing keys (its `jwks_uri`), cached. A token naming a `kid` the cached set lacks makes the set
 * be fetched again (the AS rotated its keys); such fetches are shared by concurrent requests and spaced by a second,
 * a request waiting for the next slot rather than being refused, so a token signed with a brand-new key verifies.
 * When a due refresh fails, the keys held stay in use.
 */
@Injectable()
export class AuthorizationServerKeySets {
  private readonly sets = new Map<string, KeySet>();
  private readonly refreshing = new Map<string, Promise<KeySet>>();

  constructor(
    @Inject(AuthorizationServerFetcher) private readonly http: AuthorizationServerFetcher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async key(jwksUri: string, header: { kid?: string; alg: string }): Promise<Record<string, unknown> | undefined> {
    let set = this.sets.get(jwksUri);
    let fresh = false;
    if (!set || Date.now() - set.fetchedAt > MAX_AGE_MS) {
      const held = set;
      set = await this.refresh(jwksUri).catch((error: unknown) => {
        if (!held) throw error;
        this.logger.warn({ err: error, jwksUri }, 'the external authorization server keys could not be refreshed; using the keys held');
        return held;
      });
      fresh = set !== held;
    }
    const found = selectVerificationKey(set.keys, header);
    if (found || fresh) return found;
    return selectVerificationKey((await this.refresh(jwksUri)).keys, header);
  }

  private refresh(jwksUri: string): Promise<KeySet> {
    let pending = this.refreshing.get(jwksUri);
    if (!pending) {
      pending = this.fetch(jwksUri).finally(() => this.refreshing.delete(jwksUri));
      this.refreshing.set(jwksUri, pending);
    }
    return pending;
  }

  private async fetch(jwksUri: string): Promise<KeySet> {
    const previous = this.sets.get(jwksUri);
    const wait = previous ? previous.fetchedAt + MIN_INTERVAL_MS - Date.now() : 0;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const { status, body } = await this.http.get(jwksUri);
    if (status !== 200) {
      this.logger.warn({ jwksUri, status }, 'the external authorization server JWKS could not be fetched');
      throw authorizationServerUnavailable('the authorization server keys could not be fetched; try again');
    }
    const set = { keys: publicKeysOf(body), fetchedAt: Date.now() };
    if (!this.sets.has(jwksUri) && this.sets.size >= MAX_KEY_SETS) this.sets.delete(this.sets.keys().next().value as string);
    this.sets.set(jwksUri, set);
    return set;
  }
}
