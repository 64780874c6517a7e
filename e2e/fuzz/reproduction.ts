import type { Expectation } from './draft';
import type { FuzzRequest, RawResponse } from './raw-http';

/** A failed answer with everything needed to send the same bytes again. */
export interface Failure {
  seed: number;
  /** Index of the fuzz case in the run (the request index); -1 for the setup and the checks after the run. */
  index: number;
  kind: string;
  labels: string[];
  expect: Expectation;
  request: FuzzRequest;
  status?: number;
  responseExcerpt?: string;
  problems: string[];
}

export const ADMIN_KEY_MARK = '<admin-key>';

/** The request with the admin key replaced by ADMIN_KEY_MARK (reproductions end up in logs), or put back. */
export function swapAdminKey(request: FuzzRequest, from: string, to: string): FuzzRequest {
  if (!from) return request;
  const swap = (text: string) => text.split(from).join(to);
  return {
    ...request,
    target: swap(request.target),
    headers: request.headers.map(([n, v]) => [n, swap(v)]),
    body: request.body && request.body.includes(from) ? Buffer.from(swap(request.body.toString('latin1')), 'latin1') : request.body,
  };
}

/** The request as JSON: byte strings stay byte strings, the body is UTF-8 text or base64 when it is not. */
export function requestJson(request: FuzzRequest): Record<string, unknown> {
  const body = request.body;
  const text = body?.toString('utf8');
  const isText = body !== undefined && Buffer.from(text!, 'utf8').equals(body);
  return {
    method: request.method,
    target: request.target,
    headers: request.headers,
    ...(request.chunked ? { chunked: true } : {}),
    ...(body === undefined ? {} : isText ? { body: text } : { bodyBase64: body.toString('base64') }),
  };
}

export function requestFromJson(json: Record<string, any>): FuzzRequest {
  return {
    method: json.method,
    target: json.target,
    headers: json.headers,
    chunked: json.chunked,
    body:
      json.body !== undefined
        ? Buffer.from(json.body, 'utf8')
        : json.bodyBase64 !== undefined
          ? Buffer.from(json.bodyBase64, 'base64')
          : undefined,
  };
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A curl command for the request, when curl can send it as is (it cannot send raw bytes above 0x7f in
 * the request line, duplicate Content-Length headers or a chunked body of our framing: use --replay then).
 */
export function curlCommand(baseUrl: string, request: FuzzRequest): string | undefined {
  if (/[^\u0020-\u007e]/.test(request.target) || request.chunked) return undefined;
  const parts = ['curl', '-sS', '-i', '--path-as-is', '-X', request.method];
  for (const [name, value] of request.headers) {
    if (/[^\u0020-\u007e]/.test(value) || name.toLowerCase() === 'content-length') return undefined;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (!request.headers.some(([n]) => n.toLowerCase() === 'content-type') && request.body) parts.push('-H', shellQuote('Content-Type:'));
  parts.push(shellQuote(`${baseUrl}${request.target}`));
  if (!request.body) return parts.join(' ');
  const printable = /^[\u0020-\u007e\n]*$/.test(request.body.toString('latin1')) && request.body.length < 4096;
  if (printable) return `${parts.join(' ')} --data-binary ${shellQuote(request.body.toString('latin1'))}`;
  return `echo ${request.body.toString('base64').length > 8192 ? '<body base64: see the JSON>' : request.body.toString('base64')} | base64 -d | ${parts.join(' ')} --data-binary @-`;
}

export function responseExcerpt(response: RawResponse | undefined): string | undefined {
  if (!response) return undefined;
  const headers = ['content-type', 'x-request-id', 'www-authenticate']
    .filter((h) => response.headers[h] !== undefined)
    .map((h) => `${h}: ${response.headers[h]}`)
    .join('; ');
  return `${response.status} [${headers}] ${response.body.toString('utf8').slice(0, 300)}`;
}

/** A reproduction as printed: what failed, the request as JSON (bodies over 2 KiB shortened), a curl command. */
export function formatFailure(baseUrl: string, failure: Failure): string {
  const json = requestJson(failure.request);
  if (typeof json.body === 'string' && json.body.length > 2048)
    json.body = `${json.body.slice(0, 2048)}…(${json.body.length} characters in all)`;
  if (typeof json.bodyBase64 === 'string' && json.bodyBase64.length > 2048) json.bodyBase64 = `${json.bodyBase64.slice(0, 2048)}…`;
  json.headers = (json.headers as [string, string][]).map(([n, v]) => [n, v.length > 300 ? `${v.slice(0, 300)}…(${v.length})` : v]);
  if (json.target && (json.target as string).length > 400)
    json.target = `${(json.target as string).slice(0, 400)}…(${(json.target as string).length})`;
  const curl = curlCommand(baseUrl, failure.request);
  return [
    `✗ seed ${failure.seed}, request #${failure.index} (${failure.kind}${failure.labels.length ? ` + ${failure.labels.join(', ')}` : ''})`,
    `    problems: ${failure.problems.join('; ')}`,
    `    expected: ${failure.expect}`,
    `    response: ${failure.responseExcerpt ?? '(none)'}`,
    `    request:  ${JSON.stringify(json)}`,
    ...(curl && curl.length < 6000 ? [`    curl:     ${curl}`] : []),
  ].join('\n');
}
