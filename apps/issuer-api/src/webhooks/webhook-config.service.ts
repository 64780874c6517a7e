import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { OutboundRefused, type FieldError, type OutboundGuard } from '@issuer/platform';
import { ISSUER_OUTBOUND_GUARD } from './outbound-guard.provider';
import { SecretBox } from './secret-box';
import { SECRET_BOX } from './secret-box.provider';

const MASK = '***';

/** Checks without throwing: a refinement that throws turns a bad URL into a 500 instead of a field error. */
function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export const notificationsSchema = z
  .object({
    webhook: z
      .object({
        url: z.string().max(2048).refine(isHttpUrl, 'must be an absolute http or https URL with a host'),
        // RFC 6750 §2.1 b64token, so the header is always valid; "***" is GET's mask, sent back to keep the stored token.
        bearerToken: z
          .string()
          .min(1)
          .max(4096)
          .refine((t) => t === MASK || B64TOKEN.test(t), 'must be an RFC 6750 b64token: letters, digits and -._~+/ then optional =')
          .optional(),
      })
      .strict(),
  })
  .strict();
export type NotificationsConfig = z.infer<typeof notificationsSchema>;

/**
 * `notifications.webhook` of profiles and runtime overrides (API.md §5, §7): checked (shape and the SSRF
 * allow-list, a 400 naming the field) and stored with the bearer token sealed. A token sent back as
 * "***" (an admin re-submitting what GET showed) keeps the stored one.
 */
@Injectable()
export class WebhookConfigService {
  constructor(
    @Inject(ISSUER_OUTBOUND_GUARD) private readonly guard: OutboundGuard,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async validate(notifications: unknown, path: string): Promise<FieldError[]> {
    if (notifications === undefined) return [];
    const parsed = notificationsSchema.safeParse(notifications);
    if (!parsed.success) {
      return parsed.error.issues.map((issue) => ({
        path: [path, ...issue.path].filter((p) => p !== '').join('.'),
        message: issue.message,
      }));
    }
    try {
      await this.guard.check(new URL(parsed.data.webhook.url).hostname);
    } catch (error) {
      if (error instanceof OutboundRefused) return [{ path: `${path}.webhook.url`, message: error.message }];
      throw error;
    }
    return [];
  }

  /** The value to store: the bearer token sealed (or the previous sealed one when "***" came back). */
  seal(notifications: unknown, issuerId: string, previous?: unknown): Record<string, unknown> | undefined {
    if (notifications === undefined) return undefined;
    const config = structuredClone(notifications) as NotificationsConfig;
    const token = config.webhook.bearerToken;
    if (token === MASK) {
      const before = (previous as NotificationsConfig | undefined)?.webhook?.bearerToken;
      if (SecretBox.isSealed(before)) config.webhook.bearerToken = before;
      else delete config.webhook.bearerToken;
    } else if (token !== undefined) {
      config.webhook.bearerToken = this.box.seal(token, issuerId);
    }
    return config;
  }

  /** The webhook of a stored profile or session snapshot, bearer token opened. */
  open(notifications: unknown, issuerId: string): { url: string; bearerToken?: string } | undefined {
    const webhook = (notifications as NotificationsConfig | undefined)?.webhook;
    if (!webhook?.url) return undefined;
    const token = webhook.bearerToken;
    if (token === undefined) return { url: webhook.url };
    return { url: webhook.url, bearerToken: SecretBox.isSealed(token) ? this.box.open(token, issuerId) : token };
  }
}
