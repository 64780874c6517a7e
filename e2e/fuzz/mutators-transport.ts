import { bodyBytes, demand, getHeader, percentEncode, setHeader, type Draft } from './draft';
import { edgeString, EDGE_STRINGS } from './edge-values';
import { chance, int, pick, Stage, type Mutator } from './mutator';

/** Mutations of what carries the body: path and query, method, headers, content type, admin credentials. */

const hasBody = (d: Draft) => d.json !== undefined || d.form !== undefined || d.text !== undefined || d.bytes !== undefined;

const pathSegment: Mutator = {
  name: 'path segment',
  stage: Stage.Transport,
  weight: 4,
  applies: (d) => d.segments.length > 1,
  apply(d, g) {
    const index = int(g, 1, d.segments.length - 1);
    const kind = pick(g, [
      'edge string',
      'raw byte 0xff',
      'raw UTF-8',
      '%ff',
      '%00',
      'encoded slash',
      '..',
      '%2e%2e',
      'overlong %C0%AF',
      'bad escape',
      'long (300)',
      'very long (6000)',
      'huge (20000)',
      'empty',
      'matrix parameter',
      'upper case',
    ] as const);
    const original = d.segments[index];
    const value = {
      'edge string': () => percentEncode(g(() => edgeString)),
      'raw byte 0xff': () => `${original}\u00ff`,
      'raw UTF-8': () => `${original}\u00c3\u00a4\u00f0\u009f\u0094\u0091`,
      '%ff': () => `${original}%ff%fe`,
      '%00': () => `${original}%00`,
      'encoded slash': () => `..%2F..%2F${original}`,
      '..': () => '..',
      '%2e%2e': () => '%2e%2e',
      'overlong %C0%AF': () => `%C0%AF${original}`,
      'bad escape': () => `${original}%zz%`,
      'long (300)': () => 'a'.repeat(300),
      'very long (6000)': () => 'b'.repeat(6000),
      'huge (20000)': () => 'c'.repeat(20000),
      empty: () => '',
      'matrix parameter': () => `${original};jsessionid=1`,
      'upper case': () => original.toUpperCase(),
    }[kind]();
    d.segments[index] = value;
    return `path segment ${index}: ${kind}`;
  },
};

const pathShape: Mutator = {
  name: 'path shape',
  stage: Stage.Transport,
  applies: () => true,
  apply(d, g) {
    const kind = pick(g, ['double slash', 'trailing slash', 'dot segment', 'dot-dot segment', 'asterisk'] as const);
    const at = int(g, 1, d.segments.length);
    if (kind === 'double slash') d.segments.splice(at, 0, '');
    else if (kind === 'trailing slash') d.segments.push('');
    else if (kind === 'dot segment') d.segments.splice(at, 0, '.');
    else if (kind === 'dot-dot segment') d.segments.splice(at, 0, 'x', '..');
    else d.segments = ['*'];
    return `path: ${kind}`;
  },
};

const query: Mutator = {
  name: 'query',
  stage: Stage.Transport,
  weight: 2,
  applies: () => true,
  apply(d, g) {
    const kind = pick(g, ['duplicate', 'edge value', 'bad escape', 'huge', 'no value', 'prototype key', 'raw bytes'] as const);
    const name = d.query.length && chance(g, 0.6) ? pick(g, d.query)[0] : pick(g, ['limit', 'cursor', 'status', 'token', 'x']);
    if (kind === 'duplicate') d.query.push([name, '1'], [name, '2']);
    else if (kind === 'edge value') d.query.push([name, percentEncode(g(() => edgeString))]);
    else if (kind === 'bad escape') d.query.push([name, pick(g, ['%', '%zz', '%ff', '%ED%A0%BD', '%00'])]);
    else if (kind === 'huge') d.query.push([name, 'q'.repeat(pick(g, [5000, 70000]))]);
    else if (kind === 'no value') d.query.push([name, ''].slice(0, 1) as [string, string]);
    else if (kind === 'prototype key') d.query.push([pick(g, ['__proto__', 'constructor', '__proto__[polluted]']), '1']);
    else d.query.push([name, '\u00ff\u00fe']);
    return `query ${kind} ${name}`;
  },
};

const METHODS = ['HEAD', 'OPTIONS', 'PATCH', 'DELETE', 'PUT', 'GET', 'POST', 'TRACE', 'FOO', 'get', 'CONNECT'] as const;

const method: Mutator = {
  name: 'method',
  stage: Stage.Transport,
  applies: () => true,
  apply(d, g) {
    // DELETE on a path of shared resources would delete them (the main issuer: every later case fails to build).
    const methods = METHODS.filter((m) => !(d.shared && m === 'DELETE' && d.method !== 'DELETE'));
    const next = pick(g, methods);
    if (next === d.method) return `method ${next} (unchanged)`;
    // Only a method that no route of the path serves is certainly refused.
    if (['PATCH', 'TRACE', 'FOO', 'get', 'CONNECT'].includes(next)) demand(d, 'refuse', 'transport');
    else d.rerouted = true;
    d.method = next;
    return `method ${next}`;
  },
};

const JSON_TYPES = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/json; charset=iso-8859-1',
  'application/json;charset=UTF-8;charset=ascii',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/problem+json',
  'multipart/form-data; boundary=x',
  'application/json, text/plain',
  'application/jsonx',
  'application/xml',
  'json',
  '',
  '\u00ff/\u00ff',
];
const FORM_TYPES = [
  undefined,
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded; charset=utf-16',
  'APPLICATION/X-WWW-FORM-URLENCODED',
  'application/x-www-form-urlencoded;;',
  'multipart/form-data; boundary=x',
  '',
];

const contentType: Mutator = {
  name: 'content type',
  stage: Stage.Transport,
  weight: 3,
  applies: hasBody,
  apply(d, g) {
    const value = pick(g, d.form ? FORM_TYPES : JSON_TYPES);
    if (chance(g, 0.15)) {
      d.headers.push(['Content-Type', value ?? 'application/json']);
      return `second content-type ${JSON.stringify(value)}`;
    }
    setHeader(d, 'content-type', value);
    return `content-type ${value === undefined ? '(none)' : JSON.stringify(value)}`;
  },
};

const adminAuth: Mutator = {
  name: 'admin credentials',
  stage: Stage.Transport,
  weight: 2,
  applies: (d) => d.area === 'admin' && getHeader(d, 'authorization') !== undefined,
  apply(d, g) {
    const key = getHeader(d, 'authorization')!.slice('Bearer '.length);
    const kind = pick(g, [
      'none',
      'wrong key',
      'Basic',
      'bare Bearer',
      'two tokens',
      'key truncated',
      'key with NUL',
      'lower-case scheme',
      'second header',
      'edge key',
    ] as const);
    const value = {
      none: undefined,
      'wrong key': 'Bearer wrong-key-0123456789abcdef',
      Basic: `Basic ${Buffer.from(`admin:${key}`).toString('base64')}`,
      'bare Bearer': 'Bearer',
      'two tokens': `Bearer ${key} ${key}`,
      'key truncated': `Bearer ${key.slice(0, -1)}`,
      'key with NUL': `Bearer ${key}\u0000`,
      'lower-case scheme': `bearer ${key}`,
      'second header': undefined,
      'edge key': `Bearer ${percentEncode(EDGE_STRINGS[int(g, 0, EDGE_STRINGS.length - 1)]).slice(0, 200)}`,
    }[kind];
    if (kind === 'second header') d.headers.push(['Authorization', 'Bearer wrong-key-0123456789abcdef']);
    else setHeader(d, 'authorization', value);
    // RFC 7235: the scheme is case-insensitive, so only the lower-case scheme and a second header may pass.
    if (kind !== 'lower-case scheme' && kind !== 'second header') demand(d, 'refuse', 'transport');
    return `admin auth: ${kind}`;
  },
};

const headers: Mutator = {
  name: 'headers',
  stage: Stage.Transport,
  weight: 3,
  applies: () => true,
  apply(d, g) {
    const kind = pick(g, [
      'header over 16 KiB',
      'many headers',
      'header just under 8 KiB',
      'x-request-id edge',
      'x-request-id long',
      'duplicate content-length',
      'conflicting content-length',
      'content-length and chunked',
      'chunked',
      'non-ASCII header value',
      'empty Host',
      'two Host',
      'foreign Host',
      'Expect garbage',
      'Expect 100-continue',
      'Accept edge',
      'header name with space',
      'obsolete line folding',
      'forwarded headers',
    ] as const);
    const length = () => String(bodyBytes(d)?.length ?? 0);
    switch (kind) {
      case 'header over 16 KiB':
        d.headers.push(['X-Fuzz-Padding', 'p'.repeat(int(g, 16 * 1024 + 1, 40 * 1024))]);
        demand(d, 'refuse', 'transport');
        break;
      case 'many headers':
        for (let i = 0; i < 200; i++) d.headers.push([`X-Fuzz-${i}`, 'v'.repeat(100)]);
        demand(d, 'refuse', 'transport');
        break;
      case 'header just under 8 KiB':
        d.headers.push(['X-Fuzz-Padding', 'p'.repeat(8 * 1024 - 64)]);
        break;
      case 'x-request-id edge':
        setHeader(d, 'x-request-id', percentEncode(g(() => edgeString)).slice(0, 500) || ' ');
        break;
      case 'x-request-id long':
        setHeader(d, 'x-request-id', 'r'.repeat(int(g, 200, 6000)));
        break;
      case 'duplicate content-length':
        if (hasBody(d) && !d.chunked) d.headers.push(['Content-Length', 'LENGTH'], ['Content-Length', 'LENGTH']);
        break;
      case 'conflicting content-length':
        d.headers.push(['Content-Length', '1'], ['Content-Length', '2']);
        demand(d, 'refuse', 'transport');
        break;
      case 'content-length and chunked':
        d.headers.push(['Content-Length', '5']);
        d.chunked = true;
        demand(d, 'refuse', 'transport');
        break;
      case 'chunked':
        d.chunked = true;
        break;
      case 'non-ASCII header value':
        d.headers.push(['X-Fuzz', pick(g, ['\u00ff\u00fe', 'ä', '😀', '\u0080'])]);
        break;
      case 'empty Host':
        d.headers.push(['Host', '']);
        break;
      case 'two Host':
        d.headers.push(['Host', '127.0.0.1'], ['Host', 'localhost']);
        break;
      case 'foreign Host':
        d.headers.push(['Host', pick(g, ['evil.example', 'localhost:1', '[::1]', 'a'.repeat(300)])]);
        break;
      case 'Expect garbage':
        d.headers.push(['Expect', 'garbage']);
        demand(d, 'refuse', 'transport');
        break;
      case 'Expect 100-continue':
        d.headers.push(['Expect', '100-continue']);
        break;
      case 'Accept edge':
        setHeader(d, 'accept', pick(g, ['application/jwt', 'application/jwt;q=abc', '*/*;q=0', 'x'.repeat(8000), 'text/html', '']));
        break;
      case 'header name with space':
        d.headers.push(['X Fuzz', '1']);
        demand(d, 'refuse', 'transport');
        break;
      case 'obsolete line folding':
        d.headers.push(['X-Fuzz', 'a\r\n folded']);
        break;
      case 'forwarded headers':
        d.headers.push(['X-Forwarded-For', '1.2.3.4, \u00ff'], ['X-Forwarded-Host', 'evil.example'], ['X-Forwarded-Proto', 'gopher']);
        break;
    }
    // Filled in when the body is final: the duplicate content-length carries the real length twice.
    d.headers = d.headers.map(([n, v]) => [n, v === 'LENGTH' ? length() : v]);
    return `headers: ${kind}`;
  },
};

export const TRANSPORT_MUTATORS: readonly Mutator[] = [pathSegment, pathShape, query, method, contentType, adminAuth, headers];
