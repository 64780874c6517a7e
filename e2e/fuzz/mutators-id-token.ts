import { demand, percentEncode, type Draft } from './draft';
import { edgeValue } from './edge-values';
import { pick, Stage, type Mutator } from './mutator';
import { damageJwt } from './mutators-jwt';

/**
 * Damage to the self-issued ID token (SIOPv2) a wallet posts to `/direct_post` as the form member its slot names:
 * broken or forged tokens must be refused (and never issue a code); valid tokens with odd extra claims may pass.
 */

function pairOf(d: Draft): [string, string] | undefined {
  const slot = d.jwt;
  if (!slot || !d.form || d.text !== undefined || d.bytes !== undefined) return undefined;
  const pair = d.form.find(([name]) => name === slot.at[0]);
  return pair && pair[1].split('.').length === 3 ? pair : undefined;
}

const NOW = () => Math.floor(Date.now() / 1000);

const damageIdToken: Mutator = {
  name: 'damage the ID token',
  stage: Stage.Jwt,
  weight: 4,
  applies: (d) => pairOf(d) !== undefined,
  apply(d, g) {
    const pair = pairOf(d)!;
    const { kind, jwt } = damageJwt(g, pair[1], d.jwt!.header, d.jwt!.payload);
    pair[1] = percentEncode(jwt);
    demand(d, 'refuse');
    return `id_token: ${kind}`;
  },
};

/** Validly signed, but with what SIOPv2 §11.1 makes the issuer refuse (the checks e2e/wallet-logins names). */
const forgeIdToken: Mutator = {
  name: 'forge the ID token',
  stage: Stage.Jwt,
  weight: 4,
  applies: (d) => pairOf(d) !== undefined,
  async apply(d, g) {
    const pair = pairOf(d)!;
    const { header, payload } = d.jwt!;
    const kind = pick(g, ['other nonce', 'no nonce', 'other aud', 'no aud', 'expired', 'iss not sub', 'signed by another key'] as const);
    const p = { ...payload };
    if (kind === 'other nonce') p.nonce = pick(g, ['AAAA', `${String(payload.nonce)}x`, 'x'.repeat(600)]);
    if (kind === 'no nonce') delete p.nonce;
    // SIOPv2 §11.1: `aud` must contain the client_id (an array with it and others is valid), so none of these has it.
    if (kind === 'other aud') p.aud = pick(g, ['https://verifier.example', `${String(payload.aud)}/`, ['https://verifier.example'], []]);
    if (kind === 'no aud') delete p.aud;
    if (kind === 'expired') p.exp = NOW() - 600;
    if (kind === 'iss not sub') p.iss = 'did:example:someone-else';
    const jwt = kind === 'signed by another key' ? await d.jwt!.signWithOtherKey(header, p) : await d.jwt!.sign(header, p);
    pair[1] = percentEncode(jwt);
    demand(d, 'refuse');
    return `id_token: ${kind}`;
  },
};

/** Validly signed with an extra claim of an edge value (unicode, huge numbers, deep nesting): stored as a login claim. */
const oddClaim: Mutator = {
  name: 'odd claim in the ID token',
  stage: Stage.Jwt,
  weight: 2,
  applies: (d) => pairOf(d) !== undefined,
  async apply(d, g) {
    const pair = pairOf(d)!;
    const name = pick(g, ['nickname', 'given_name', 'address', '__proto__', 'constructor', '']);
    const value = g(() => edgeValue);
    const payload = { ...d.jwt!.payload };
    Object.defineProperty(payload, name, { value, enumerable: true, writable: true, configurable: true });
    pair[1] = percentEncode(await d.jwt!.sign(d.jwt!.header, payload));
    return `id_token: claim ${JSON.stringify(name)}`;
  },
};

export const ID_TOKEN_MUTATORS: readonly Mutator[] = [damageIdToken, forgeIdToken, oddClaim];
