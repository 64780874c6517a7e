import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { parseDuration } from '@issuer/credentials';
import { loadConfig, type ServiceDatabase } from '@issuer/platform';
import { ISSUER_API_DB } from '../database/issuer-api-database';

const envSchema = z.object({
  SSE_TOKEN_TTL: z
    .string()
    .default('60s')
    .transform((value, ctx) => {
      const parsed = parseDuration(value);
      if (!parsed.valid || parsed.ms > 3_600_000) {
        ctx.addIssue({ code: 'custom', message: parsed.valid ? 'must be at most 1h' : parsed.message });
        return z.NEVER;
      }
      return Math.floor(parsed.ms / 1000);
    }),
});

interface TokenClaims {
  /** issuer id */
  i: string;
  /** session id; null for the issuer-wide stream */
  s: string | null;
  /** expiry, epoch seconds */
  e: number;
  /** who minted it (`<type>:<id>` of the admin principal): its streams end when that principal is revoked */
  p?: string;
  /** when the minting principal's own credential ends (an SSO token's `exp`), epoch seconds: its streams end then */
  x?: number;
}

/** A stream token's check: valid for this stream, and by whom it was minted. */
export type StreamTokenCheck = { valid: true; mintedBy?: string; mintedUntil?: Date } | { valid: false };

/**
 * Short-lived tokens for one SSE stream, for browsers (EventSource cannot send an Authorization header).
 * HMAC-signed rather than stored: any replica checks them without a database round trip, and a token
 * stays usable until it expires, which EventSource needs because it reconnects with the same URL.
 * A token names exactly one stream (issuer, and session or none), so it opens nothing else.
 */
@Injectable()
export class StreamTokenService {
  readonly ttlSeconds = loadConfig(envSchema, process.env).SSE_TOKEN_TTL;
  private key?: Promise<Buffer>;

  constructor(@Inject(ISSUER_API_DB) private readonly db: ServiceDatabase) {}

  /**
   * `mintedUntil`: when the minting principal's credential ends (an SSO access token's `exp`). The token never
   * outlives it, and the streams it opens end then, as streams opened with that credential itself do.
   */
  async issue(
    issuerId: string,
    sessionId: string | undefined,
    mintedBy?: string,
    mintedUntil?: Date,
  ): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(Date.now() / 1000);
    const until = mintedUntil ? Math.floor(mintedUntil.getTime() / 1000) : undefined;
    const expiry = Math.min(now + this.ttlSeconds, until ?? Number.MAX_SAFE_INTEGER);
    const claims: TokenClaims = {
      i: issuerId,
      s: sessionId ?? null,
      e: expiry,
      ...(mintedBy ? { p: mintedBy } : {}),
      ...(until !== undefined ? { x: until } : {}),
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${await this.mac(body)}`, expiresIn: Math.max(0, expiry - now) };
  }

  /** Valid when the token was issued here for exactly this stream and has not expired. */
  async verify(token: string, issuerId: string, sessionId: string | undefined): Promise<StreamTokenCheck> {
    const [body, mac, ...rest] = token.split('.');
    if (!body || !mac || rest.length) return { valid: false };
    const expected = Buffer.from(await this.mac(body), 'base64url');
    const presented = Buffer.from(mac, 'base64url');
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return { valid: false };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { valid: false };
    }
    const valid = claims.i === issuerId && claims.s === (sessionId ?? null) && claims.e > Date.now() / 1000;
    if (!valid) return { valid: false };
    return {
      valid,
      ...(typeof claims.p === 'string' ? { mintedBy: claims.p } : {}),
      ...(typeof claims.x === 'number' ? { mintedUntil: new Date(claims.x * 1000) } : {}),
    };
  }

  private async mac(body: string): Promise<string> {
    return createHmac('sha256', await this.loadKey())
      .update(`sse-token.${body}`)
      .digest('base64url');
  }

  /** One key for every replica, created by whichever starts first. */
  private loadKey(): Promise<Buffer> {
    this.key ??= (async () => {
      await this.db.sql(`INSERT INTO issuer_api.settings (key, value) VALUES ('sse-token-key', $1) ON CONFLICT DO NOTHING`, [
        randomBytes(32).toString('base64'),
      ]);
      const { rows } = await this.db.sql<{ value: string }>(`SELECT value FROM issuer_api.settings WHERE key = 'sse-token-key'`);
      return Buffer.from(rows[0].value, 'base64');
    })().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }
}
