import { guardedGetText, type OutboundGuard } from '@issuer/platform';

/** Bounds of one status list fetch: lists are small (compressed bits), the login waits for it. */
const FETCH_TIMEOUT_MS = 5_000;
const MAX_BYTES = 1024 * 1024;

/**
 * Fetches the status list a presented credential points to (Token Status List §8), through the SSRF guard
 * (OUTBOUND_ALLOWED_HOSTS); never cached, so a revocation counts as soon as the list is published.
 */
export class PresentedStatusLists {
  constructor(private readonly guard: OutboundGuard) {}

  fetch(uri: string): Promise<string> {
    return guardedGetText(uri, { guard: this.guard, timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_BYTES });
  }
}
