import type { OutboundGuard } from './outbound-guard';
import { guardedRequest, OutboundCallFailed, shownUrl } from './guarded-request';

export interface GuardedGetOptions {
  guard: OutboundGuard;
  timeoutMs: number;
  maxBytes: number;
}

/**
 * GETs a URL for a data function (`<webhook:…>`, API.md §10) or a presented credential's status list through
 * `guardedRequest` (http or https, no redirects); a status other than 2xx fails, naming the URL without its query
 * and never echoing the body.
 */
export async function guardedGetText(address: string, options: GuardedGetOptions): Promise<string> {
  const answer = await guardedRequest(address, {
    ...options,
    plainHttp: 'any',
    headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' },
  });
  if (answer.status < 200 || answer.status > 299)
    throw new OutboundCallFailed('STATUS', `GET ${shownUrl(new URL(answer.url))} answered ${answer.status}`);
  return answer.body.toString('utf8');
}
