import { demand, getHeader, setHeader, type Draft } from './draft';
import { edgeString } from './edge-values';
import { int, pick, Stage, type Gen, type Mutator } from './mutator';

/**
 * Damage to the JWTs a wallet sends: the proof JWT of a credential request (which must then never yield a
 * credential) and the bearer access token.
 */

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function proofOf(d: Draft): string | undefined {
  const slot = d.jwt;
  if (!slot || d.text !== undefined || d.bytes !== undefined) return undefined;
  const value = slot.at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], d.json);
  return typeof value === 'string' && value.split('.').length === 3 ? value : undefined;
}

function setProof(d: Draft, jwt: string): void {
  const at = d.jwt!.at;
  const parent = at.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], d.json);
  (parent as Record<string | number, unknown>)[at[at.length - 1]] = jwt;
}

const NOW = () => Math.floor(Date.now() / 1000);

/** Text-level damage to a signed JWT (`header` and `payload` as signed): it no longer verifies, whatever else is sent. */
export function damageJwt(
  g: Gen,
  jwt: string,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): { kind: string; jwt: string } {
  const [h, p, s] = jwt.split('.');
  const kind = pick(g, [
    'alg none',
    'swap header and payload',
    'truncate signature',
    'bad base64url',
    'drop signature',
    'extra segment',
    'two segments',
    'payload not JSON',
    'header not JSON',
    'signature of another JWT',
    'empty',
  ] as const);
  const damaged = {
    'alg none': () => `${b64({ ...header, alg: 'none' })}.${p}.`,
    'swap header and payload': () => `${p}.${h}.${s}`,
    'truncate signature': () => `${h}.${p}.${s.slice(0, Math.max(0, s.length - int(g, 1, 12)))}`,
    'bad base64url': () => {
      const at = int(g, 0, p.length);
      return `${h}.${p.slice(0, at)}${pick(g, ['+', '/', '=', '!', ' ', '\u00e9', '%'])}${p.slice(at)}.${s}`;
    },
    'drop signature': () => `${h}.${p}.`,
    'extra segment': () => `${h}.${p}.${s}.${s}`,
    'two segments': () => `${h}.${p}`,
    'payload not JSON': () => `${h}.${b64('not json')}.${s}`,
    'header not JSON': () => `${b64('{"alg":')}.${p}.${s}`,
    'signature of another JWT': () => `${h}.${b64({ ...payload, nonce: 'forged' })}.${s}`,
    empty: () => '',
  }[kind]();
  return { kind, jwt: damaged };
}

const damageProof: Mutator = {
  name: 'damage the proof JWT',
  stage: Stage.Jwt,
  weight: 4,
  applies: (d) => proofOf(d) !== undefined,
  apply(d, g) {
    const { kind, jwt } = damageJwt(g, proofOf(d)!, d.jwt!.header, d.jwt!.payload);
    setProof(d, jwt);
    demand(d, 'refuse');
    return `proof: ${kind}`;
  },
};

/** Re-signed with valid signatures but claims or headers a proof must not have (OID4VCI 1.0 §8.2.1.1, Appendix F.4). */
const forgeProof: Mutator = {
  name: 'forge the proof JWT',
  stage: Stage.Jwt,
  weight: 4,
  applies: (d) => proofOf(d) !== undefined,
  async apply(d, g) {
    const slot = d.jwt!;
    const { header, payload } = slot;
    const kind = pick(g, [
      'wrong typ',
      'no typ',
      'wrong aud',
      'no nonce',
      'unknown nonce',
      'iat an hour ago',
      'iat in a day',
      'iat a string',
      'signed by another key',
      'unknown crit header',
      'kid instead of jwk',
      'jwk with private part',
      'jwk of the wrong curve',
      'edge typ',
    ] as const);
    let jwt: string;
    if (kind === 'signed by another key') jwt = await slot.signWithOtherKey(header, payload);
    else {
      const h = { ...header };
      const p = { ...payload };
      if (kind === 'wrong typ') h.typ = pick(g, ['JWT', 'dpop+jwt', 'openid4vci-proof+jwt2', 'application/openid4vci-proof+jwt+x']);
      if (kind === 'no typ') delete h.typ;
      if (kind === 'wrong aud') p.aud = pick(g, ['http://127.0.0.1:1/issuers/other', '', ['x'], `${String(payload.aud)}/`]);
      if (kind === 'no nonce') delete p.nonce;
      if (kind === 'unknown nonce') p.nonce = pick(g, ['AAAA', 'x'.repeat(500), `${String(payload.nonce)}x`]);
      if (kind === 'iat an hour ago') p.iat = NOW() - 3600;
      if (kind === 'iat in a day') p.iat = NOW() + 86_400;
      if (kind === 'iat a string') p.iat = String(NOW());
      if (kind === 'unknown crit header') Object.assign(h, { crit: ['x-unknown'], 'x-unknown': true });
      if (kind === 'kid instead of jwk') {
        delete h.jwk;
        h.kid = pick(g, ['did:example:123#0', 'unknown-kid', '../../etc/passwd']);
      }
      if (kind === 'jwk with private part') h.jwk = { ...(h.jwk as object), d: 'AAAA' };
      if (kind === 'jwk of the wrong curve') h.jwk = { ...(h.jwk as object), crv: 'P-384' };
      if (kind === 'edge typ') h.typ = g(() => edgeString);
      jwt = await slot.sign(h, p);
    }
    setProof(d, jwt);
    // A private part in the header JWK is only a leak, and not every verifier refuses it; the rest must be refused.
    if (kind !== 'jwk with private part') demand(d, 'refuse');
    return `proof: ${kind}`;
  },
};

const damageAccessToken: Mutator = {
  name: 'damage the access token',
  stage: Stage.Transport,
  weight: 2,
  applies: (d) => d.area === 'wallet' && /^Bearer /.test(getHeader(d, 'authorization') ?? ''),
  apply(d, g) {
    const token = getHeader(d, 'authorization')!.slice('Bearer '.length);
    const kind = pick(g, ['truncated', 'appended', 'upper case', 'JWT alg none', 'DPoP scheme', 'Basic scheme', 'empty', 'huge'] as const);
    const value = {
      truncated: () => `Bearer ${token.slice(0, -int(g, 1, 8))}`,
      appended: () => `Bearer ${token}x`,
      'upper case': () => `Bearer ${token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()}`,
      'JWT alg none': () => `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ sub: 'x', exp: NOW() + 600 })}.`,
      'DPoP scheme': () => `DPoP ${token}`,
      'Basic scheme': () => `Basic ${Buffer.from(`x:${token}`).toString('base64')}`,
      empty: () => 'Bearer ',
      huge: () => `Bearer ${token}${'A'.repeat(8000)}`,
    }[kind]();
    setHeader(d, 'authorization', value);
    demand(d, 'refuse', 'transport');
    return `access token: ${kind}`;
  },
};

export const JWT_MUTATORS: readonly Mutator[] = [damageProof, forgeProof, damageAccessToken];
