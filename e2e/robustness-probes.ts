// The probe machinery of the robustness suites: seeded malformed values, ids and bodies, and a checker
// that records every way an answer breaks API.md's error contract. Deterministic: a fixed seed.
import { prng } from '@issuer/testing';

export const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
export const OVERSIZED = 1024 * 1024 + 4096; // just over the 1 MiB body limit

/** OAuth 2.0 (RFC 6749/6750/9449) and OID4VCI 1.0 error codes a wallet can be answered with. */
export const KNOWN_OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_token',
  'insufficient_scope',
  'invalid_dpop_proof',
  'use_dpop_nonce',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'invalid_credential_request',
  'unknown_credential_configuration',
  'unknown_credential_identifier',
  'invalid_proof',
  'invalid_nonce',
  'invalid_encryption_parameters',
  'credential_request_denied',
  'invalid_transaction_id',
  'invalid_notification_id',
  'invalid_notification_request',
]);

const random = prng(0x15500e7);
export function sample<T>(items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return out;
}

export function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}
/**
 * JSON text of `value` where the string DEEP stands for `depth` nested objects/arrays. Built as text
 * because JSON.stringify itself overflows the stack on such values.
 */
export const DEEP = '\u0001deep\u0001';
export function deepJson(value: unknown, depth: number, leaf = '1'): string {
  let inner = leaf;
  for (let i = 0; i < depth; i++) inner = i % 2 ? `[${inner}]` : `{"a":${inner}}`;
  return JSON.stringify(value).replace(JSON.stringify(DEEP), inner);
}
export const hugeString = 'Ω'.repeat(40_000) + '\'"; DROP TABLE issuer_api.sessions; --';

/** Values of the wrong JSON type or shape for (nearly) any field. */
export const BAD_VALUES: readonly [string, unknown][] = [
  ['null', null],
  ['zero', 0],
  ['negative', -1],
  ['fraction', 1.5],
  ['huge number', 1e308],
  ['true', true],
  ['empty string', ''],
  ['string', 'not-what-you-expect'],
  ['huge string', hugeString],
  ['NUL string', 'a\u0000b'],
  ['empty array', []],
  ['array of objects', [{}, { a: 1 }]],
  ['empty object', {}],
  ['object', { unexpected: { deeply: true } }],
  ['deep nesting', nested(400)],
  ['prototype keys', JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}')],
];

/** Path parameter values that are not ids: percent-encoding errors, invalid UTF-8, overlong, injection. */
export const BAD_IDS: readonly [string, string][] = [
  ['NUL', 'a%00b'],
  ['invalid UTF-8', '%ff%fe'],
  ['overlong UTF-8 slash', '%C0%AF'],
  ['bad percent-encoding', '%zz'],
  ['truncated percent-encoding', 'abc%'],
  ['encoded slashes', '..%2F..%2Fetc%2Fpasswd'],
  ['SQL', "x'%3B%20DROP%20TABLE%20issuer_api.sessions%3B--"],
  ['unicode', '%C3%A4%F0%9F%94%91'],
  ['long (over the router limit)', 'a'.repeat(300)],
  ['very long', 'b'.repeat(6000)],
  ['uuid-like', UNKNOWN_UUID],
  ['spaces', '%20%20'],
];

export interface Probe {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** `error`: must be refused (4xx); `any`: may also succeed (e.g. unknown query parameters are ignored). */
  expect?: 'error' | 'any';
  /** For offer creation: count a success as a created offer. */
  offers?: boolean;
  /** Server-sent events: only the response head is read. */
  stream?: boolean;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/**
 * Sends probes to a running platform and records every way an answer breaks the contract: a 5xx, a
 * missing `x-request-id`, a wrong error format (problem+json under /api, `{error, error_description}`
 * with a known OAuth code elsewhere), a 401 without `WWW-Authenticate`, or a success where an error was due.
 */
export class ProbeChecker {
  sent = 0;
  offersCreated = 0;
  readonly violations: string[] = [];
  readonly unexpectedSuccesses: string[] = [];
  readonly withoutRequestId: string[] = [];

  constructor(private readonly platform: () => { baseUrl: string; adminKey: string }) {}

  adminAuth(): Record<string, string> {
    return { authorization: `Bearer ${this.platform().adminKey}` };
  }

  async send(probe: Probe): Promise<Answer> {
    this.sent++;
    const abort = new AbortController();
    const response = await fetch(`${this.platform().baseUrl}${probe.path}`, {
      method: probe.method,
      headers: probe.headers,
      body: probe.body,
      signal: abort.signal,
    });
    let text = '';
    if (probe.stream && response.status === 200) abort.abort();
    else text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: reported by the checks */
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Sends a probe and records every way its answer breaks the contract. */
  async check(probe: Probe): Promise<Answer> {
    const where = `${probe.method} ${probe.path.slice(0, 80)} [${probe.label}]`;
    let answer: Answer;
    try {
      answer = await this.send(probe);
    } catch (error) {
      this.violations.push(`${where}: no HTTP answer (${String(error)})`);
      return { status: 0, headers: new Headers(), text: '', json: undefined };
    }
    const { status, headers, json } = answer;
    const problems: string[] = [];
    if (status >= 500) problems.push(`status ${status}`);
    if (!headers.get('x-request-id')) this.withoutRequestId.push(`${where}: ${status}`);
    if (status < 400) {
      if ((probe.expect ?? 'error') === 'error') this.unexpectedSuccesses.push(`${where}: ${status}`);
      if (probe.offers && status === 201) this.offersCreated += Array.isArray(json?.offers) ? json.offers.length : 1;
    } else if (probe.path.startsWith('/api/')) {
      if (!(headers.get('content-type') ?? '').startsWith('application/problem+json'))
        problems.push(`content-type ${headers.get('content-type')}`);
      if (json?.status !== status) problems.push(`body.status ${json?.status}`);
      if (typeof json?.title !== 'string' || !json.title) problems.push('no title');
      if (!Array.isArray(json?.errors)) problems.push('no errors[]');
    } else {
      if (!(headers.get('content-type') ?? '').startsWith('application/json')) problems.push(`content-type ${headers.get('content-type')}`);
      if (!KNOWN_OAUTH_ERRORS.has(json?.error)) problems.push(`error ${JSON.stringify(json?.error)}`);
      if (typeof json?.error_description !== 'string') problems.push('no error_description');
    }
    if (status === 401 && !/^(Bearer|DPoP)\b/i.test(headers.get('www-authenticate') ?? '')) problems.push('401 without WWW-Authenticate');
    if (problems.length) this.violations.push(`${where}: ${problems.join(', ')} — ${answer.text.slice(0, 160)}`);
    return answer;
  }

  /** The malformed-body cases of a JSON endpoint: transport-level ones plus seeded field mutations. */
  jsonBodyProbes(method: string, path: string, base: Record<string, unknown>, mutations: number, offers = false): Probe[] {
    const json = { 'content-type': 'application/json', ...this.adminAuth() };
    const probes: Probe[] = [
      { label: 'null body', method, path, headers: json, body: 'null', offers },
      { label: 'no body', method, path, headers: this.adminAuth(), offers },
      { label: 'empty JSON body', method, path, headers: json, body: '', offers },
      { label: 'invalid JSON', method, path, headers: json, body: '{"a":', offers },
      { label: 'invalid JSON (single quotes)', method, path, headers: json, body: "{'a': 1}", offers },
      {
        label: 'invalid UTF-8 in JSON',
        method,
        path,
        headers: json,
        body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1'),
        offers,
      },
      { label: 'array body', method, path, headers: json, body: JSON.stringify([base]), offers },
      { label: 'string body', method, path, headers: json, body: JSON.stringify('x'), offers },
      { label: 'number body', method, path, headers: json, body: '42', offers },
      {
        label: 'text/plain',
        method,
        path,
        headers: { ...this.adminAuth(), 'content-type': 'text/plain' },
        body: JSON.stringify(base),
        offers,
      },
      { label: 'xml', method, path, headers: { ...this.adminAuth(), 'content-type': 'application/xml' }, body: '<a/>', offers },
      {
        label: 'form instead of JSON',
        method,
        path,
        headers: { ...this.adminAuth(), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1&a=2&b=%00',
        offers,
      },
      { label: 'unknown field', method, path, headers: json, body: JSON.stringify({ ...base, colour: 'red' }), offers },
      { label: 'deeply nested body', method, path, headers: json, body: deepJson({ ...base, x: DEEP }, 5000), offers },
      { label: 'over 1 MiB', method, path, headers: json, body: JSON.stringify({ ...base, x: 'a'.repeat(OVERSIZED) }), offers },
      { label: 'no admin key', method, path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(base), offers },
    ];
    const fields = Object.keys(base);
    const cases: [string, unknown][] = [];
    for (const field of fields) {
      cases.push([`${field} missing`, Object.fromEntries(Object.entries(base).filter(([k]) => k !== field))]);
      for (const [name, value] of BAD_VALUES) cases.push([`${field} = ${name}`, { ...base, [field]: value }]);
    }
    for (const [label, body] of sample(cases, mutations))
      probes.push({ label, method, path, headers: json, body: JSON.stringify(body), offers });
    return probes;
  }
}
