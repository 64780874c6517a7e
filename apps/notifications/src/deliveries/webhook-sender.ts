import type { WebhookTarget } from '@issuer/contracts';
import { guardedRequest, OutboundCallFailed, OutboundRefused, type OutboundGuard } from '@issuer/platform';
import { webhookSignature } from './webhook-signature';

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one event envelope (API.md §7 Webhooks): `Authorization: Bearer` when configured, and the
 * Standard Webhooks headers `webhook-id` (the event id, stable across retries), `webhook-timestamp`
 * and `webhook-signature`. Through `guardedRequest` (the SSRF guard at connect time, no redirects, a
 * deadline for the whole exchange); the response body is read up to 64 KB and dropped. Errors name the
 * receiver's origin only: a webhook path may itself be a secret.
 */
export class WebhookSender {
  constructor(
    private readonly guard: OutboundGuard,
    private readonly timeoutMs: number,
  ) {}

  async send(target: WebhookTarget, eventId: string, body: string): Promise<SendResult> {
    const url = new URL(target.url);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'issuer-platform-webhooks/1',
      'webhook-id': eventId,
      'webhook-timestamp': String(timestamp),
    };
    if (target.signingSecrets.length) headers['webhook-signature'] = webhookSignature(target.signingSecrets, eventId, timestamp, body);
    if (target.bearerToken) headers.authorization = `Bearer ${target.bearerToken}`;
    try {
      const { status: statusCode } = await guardedRequest(url, {
        guard: this.guard,
        timeoutMs: this.timeoutMs,
        maxBytes: MAX_RESPONSE_BYTES,
        partialBody: 'keep',
        plainHttp: 'any',
        method: 'POST',
        headers,
        body,
      });
      if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode };
      const redirect = statusCode >= 300 && statusCode < 400;
      return { ok: false, statusCode, error: redirect ? `HTTP ${statusCode} (redirects are not followed)` : `HTTP ${statusCode}` };
    } catch (error) {
      // Every failure is a failed attempt (the retry schedule and DEAD apply), a refused header value included.
      if (error instanceof OutboundRefused) return { ok: false, statusCode: null, error: `refused: ${error.message}` };
      if (!(error instanceof OutboundCallFailed)) throw error;
      return { ok: false, statusCode: null, error: failureText(error, url, this.timeoutMs) };
    }
  }
}

function failureText(error: OutboundCallFailed, url: URL, timeoutMs: number): string {
  if (error.code === 'TIMEOUT') return `no answer within ${timeoutMs} ms`;
  if (error.code === 'NETWORK') return `${url.origin}: ${(error.cause as Error | undefined)?.message ?? 'the answer was broken off'}`;
  return error.message;
}
