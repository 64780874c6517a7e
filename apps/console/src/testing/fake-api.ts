import { vi } from 'vitest';

/** One recorded request to the admin API. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (request: RecordedRequest) => { status: number; body?: unknown } | undefined;

/**
 * Replaces `fetch` for component tests with an answer table (`'POST /api/v1/issuers'` → handler) and records every
 * request, so a test checks what the form sent and how it shows the answer. Unlisted requests answer 404 problem+json.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://console.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const request: RecordedRequest = {
      method,
      path: url.pathname + url.search,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers,
    };
    requests.push(request);
    const handler = routes[`${method} ${url.pathname}`];
    const answer = handler?.(request) ?? {
      status: 404,
      body: { type: 'about:blank', title: 'Not Found', status: 404, detail: `${method} ${url.pathname}` },
    };
    const isProblem = answer.status >= 400;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': isProblem ? 'application/problem+json' : 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

/** A problem+json refusal naming fields, as the admin API sends it. */
export const problem = (status: number, title: string, errors: { path: string; message: string }[] = [], detail?: string) => ({
  status,
  body: { type: 'about:blank', title, status, detail: detail ?? title, errors },
});
