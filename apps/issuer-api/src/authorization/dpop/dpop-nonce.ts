import { createHmac, timingSafeEqual } from 'node:crypto';

/** A server nonce is good for the window it was made in and the next one: 60–120 s (RFC 9449 §8, §9). */
const WINDOW_MS = 60_000;

/**
 * Stateless DPoP server nonces: the time window and an HMAC of it under the deployment's protocol key, so every
 * replica makes and checks the same nonces without storing them. Single use is not needed: the proof's `jti` is.
 */
export class DpopNonces {
  constructor(private readonly key: Buffer) {}

  issue(now = Date.now()): string {
    return this.forWindow(Math.floor(now / WINDOW_MS));
  }

  check(nonce: string, now = Date.now()): boolean {
    const window = Math.floor(now / WINDOW_MS);
    return [window, window - 1].some((w) => {
      const expected = Buffer.from(this.forWindow(w));
      const given = Buffer.from(nonce);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  }

  private forWindow(window: number): string {
    const mac = createHmac('sha256', this.key).update(`dpop-nonce:${window}`).digest().subarray(0, 18);
    return `${window.toString(36)}.${mac.toString('base64url')}`;
  }
}
