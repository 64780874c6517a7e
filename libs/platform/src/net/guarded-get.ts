import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { OutboundRefused, pinnedLookup, type OutboundGuard } from './outbound-guard';

export interface GuardedGetOptions {
  guard: OutboundGuard;
  timeoutMs: number;
  maxBytes: number;
}

/**
 * GETs a URL for a data function (`<webhook:…>`, API.md §10): the host must pass the SSRF guard and the
 * connection uses the addresses it checked; redirects are not followed (a redirect could lead anywhere);
 * the whole exchange is bounded in time and size. Fails with an Error naming the URL, never echoing the body.
 */
export async function guardedGetText(address: string, options: GuardedGetOptions): Promise<string> {
  const target = new URL(address);
  // Messages name the URL without user info or query: they may carry credentials.
  const url = `${target.origin}${target.pathname}`;
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new OutboundRefused(`only http(s) URLs are allowed, not ${target.protocol}`);
  const addresses = await options.guard.check(target.hostname);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, body?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) {
        reject(error);
        req.destroy();
      } else resolve(body ?? '');
    };
    const req = request(
      target,
      {
        method: 'GET',
        lookup: pinnedLookup(addresses),
        timeout: options.timeoutMs,
        headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          finish(new Error(`GET ${url} answered ${status}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            finish(new Error(`GET ${url} returned more than ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')));
        res.on('error', (error) => finish(error));
      },
    );
    const tooSlow = () => finish(new Error(`GET ${url} took longer than ${options.timeoutMs} ms`));
    const deadline = setTimeout(tooSlow, options.timeoutMs);
    req.on('timeout', tooSlow);
    req.on('error', (error) => finish(error));
    req.end();
  });
}
