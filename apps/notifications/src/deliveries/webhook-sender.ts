import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WebhookTarget } from '@issuer/contracts';
import { OutboundRefused, pinnedLookup, type OutboundGuard } from '@issuer/platform';
import { webhookSignature } from './webhook-signature';

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one event envelope (API.md §7 Webhooks): `Authorization: Bearer` when configured, and the
 * Standard Webhooks headers `webhook-id` (the event id, stable across retries), `webhook-timestamp`
 * and `webhook-signature`. Through the SSRF guard (connecting to the addresses it checked), no
 * redirects, a deadline for the whole exchange; the response body is read up to 64 KB and dropped.
 */
export class WebhookSender {
  constructor(
    private readonly guard: OutboundGuard,
    private readonly timeoutMs: number,
  ) {}

  async send(target: WebhookTarget, eventId: string, body: string): Promise<SendResult> {
    const url = new URL(target.url);
    let addresses: { address: string; family: number }[];
    try {
      addresses = await this.guard.check(url.hostname);
    } catch (error) {
      if (error instanceof OutboundRefused) return { ok: false, statusCode: null, error: `refused: ${error.message}` };
      throw error;
    }
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
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      let req: ReturnType<typeof httpRequest>;
      try {
        // Throws synchronously for a header value node refuses (e.g. a bearer token stored before tokens were
        // checked, holding a newline): a failed attempt like any other, so the retry schedule and DEAD apply.
        req = send(url, { method: 'POST', headers, lookup: pinnedLookup(addresses) }, (res) => {
          const statusCode = res.statusCode ?? 0;
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) res.destroy();
          });
          const finish = () =>
            done(
              statusCode >= 200 && statusCode < 300
                ? { ok: true, statusCode }
                : {
                    ok: false,
                    statusCode,
                    error: statusCode >= 300 && statusCode < 400 ? `HTTP ${statusCode} (redirects are not followed)` : `HTTP ${statusCode}`,
                  },
            );
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        });
      } catch (error) {
        resolve({ ok: false, statusCode: null, error: `the request could not be made: ${(error as Error).message}` });
        return;
      }
      const timer = setTimeout(() => {
        req.destroy();
        done({ ok: false, statusCode: null, error: `no answer within ${this.timeoutMs} ms` });
      }, this.timeoutMs);
      req.on('error', (error) => done({ ok: false, statusCode: null, error: `${url.origin}: ${error.message}` }));
      req.end(body);
    });
  }
}
