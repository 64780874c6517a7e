import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { Bus } from '@issuer/platform';
import { didJwkFromJwk, resolveDidJwk, resolveDidKey, verifyProofJwt } from '@issuer/oid4vci';
import { calculateJwkThumbprint } from 'jose';
import { prng } from '@issuer/testing';
import { parseDidJwk } from './did-jwk.codec';
import { didKeyOf, multibaseToJwk, parseDidKey } from './did-key.codec';
import { DidResolver } from './did.resolver';
import type { DidRepository } from './did.repository';
import { DidService } from './did.service';
import type { Jwk } from './public-jwk';

// Property: whichever path encodes a key as a DID — the did:jwk encoder, the holder DID of a key proof (jwk header or
// did:jwk kid), did-registry creation (did:jwk, did:key, did:web) — the same key gives the same DID, whatever extra
// members (kid, alg, use, key_ops) and member order it comes with, and the DID decodes back to the key.

// Seeded, so a failure names the seed that reproduces it (DID_PROPERTY_SEED=<n>).
const SEED = Number(process.env['DID_PROPERTY_SEED'] ?? Date.now() % 2 ** 31);
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** The members RFC 7638 §3.2 keeps, written out here (not imported) so the oracle is independent of the code. */
const ORACLE_MEMBERS: Record<string, string[]> = { EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'], RSA: ['e', 'kty', 'n'] };
const oracleDid = (jwk: Jwk) => {
  const members = ORACLE_MEMBERS[jwk['kty'] as string]!;
  const json = `{${members.map((m) => `"${m}":"${String(jwk[m])}"`).join(',')}}`;
  return `did:jwk:${Buffer.from(json, 'utf8').toString('base64url')}`;
};

interface KeyKind {
  name: string;
  alg: string;
  count: number;
  generate: () => { publicKey: KeyObject; privateKey: KeyObject };
  /** did:key multicodecs that the holder-side decoder (@issuer/oid4vci) reads; RSA did:key is did-registry only. */
  holderDidKey: boolean;
}
const KINDS: KeyKind[] = [
  { name: 'P-256', alg: 'ES256', count: 30, generate: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }), holderDidKey: true },
  { name: 'P-384', alg: 'ES384', count: 30, generate: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }), holderDidKey: true },
  {
    name: 'secp256k1',
    alg: 'ES256K',
    count: 30,
    generate: () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
    holderDidKey: true,
  },
  { name: 'Ed25519', alg: 'EdDSA', count: 30, generate: () => generateKeyPairSync('ed25519'), holderDidKey: true },
  { name: 'RSA', alg: 'RS256', count: 5, generate: () => generateKeyPairSync('rsa', { modulusLength: 2048 }), holderDidKey: false },
];
const HASH: Record<string, string | null> = { ES256: 'sha256', ES384: 'sha384', ES256K: 'sha256', EdDSA: null, RS256: 'sha256' };

/** The same public key with random extra members, in a random member order. */
function variant(jwk: Jwk, alg: string): Jwk {
  const extras: [string, unknown][] = [
    ['kid', `k-${Math.floor(random() * 1e9)}`],
    ['alg', alg],
    ['use', pick(['sig', 'enc'])],
    ['key_ops', pick([['verify'], ['verify', 'sign'], []])],
    ['x-extra', random()],
  ];
  const entries: [string, unknown][] = [...Object.entries(jwk), ...extras.filter(() => random() < 0.5)];
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries);
}

function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, alg: string, privateKey: KeyObject): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = cryptoSign(HASH[alg] ?? null, Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const ISSUER = 'https://issuer.example';
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** The holder DID that a key proof yields (OID4VCI 1.0 §8.2.1.1), through the real proof verifier. */
async function holderDidOfProof(header: Record<string, unknown>, alg: string, privateKey: KeyObject): Promise<string | undefined> {
  const jwt = signJws({ typ: 'openid4vci-proof+jwt', alg, ...header }, { aud: ISSUER, iat: nowSeconds(), nonce: 'n' }, alg, privateKey);
  const result = await verifyProofJwt(
    jwt,
    { credentialIssuer: ISSUER, nowSeconds: nowSeconds(), supportedAlgs: [alg], bindingMethods: ['jwk', 'did:jwk', 'did:key'] },
    {
      verifySignature: async ({ alg: a, jwk, signingInput, signature }) =>
        cryptoVerify(
          HASH[a] ?? null,
          Buffer.from(signingInput),
          { key: jwk as never, format: 'jwk', dsaEncoding: 'ieee-p1363' },
          signature,
        ),
    },
  );
  assert.ok(result.verified, `proof refused: ${JSON.stringify(result)}`);
  return result.holderDid;
}

/** did-registry's real create path, with kms (KeyGet over the bus) and the table answered in memory. */
function registry(publicJwkOf: (keyId: string) => Jwk): DidService {
  const bus = { request: async (_subject: unknown, { keyId }: { keyId: string }) => ({ keyId, publicJwk: publicJwkOf(keyId) }) };
  const rows = new Map<string, unknown>();
  const dids = {
    insert: async (record: { did: string }) => (rows.has(record.did) ? false : (rows.set(record.did, record), record)),
    find: async (did: string) => rows.get(did),
  };
  return new DidService(bus as unknown as Bus, dids as unknown as DidRepository, undefined as never, ISSUER);
}

describe(`DID encoding property (seed ${SEED})`, () => {
  for (const kind of KINDS) {
    it(`${kind.name}: every encoding path gives one DID per key, and it decodes back to the key`, async () => {
      for (let n = 0; n < kind.count; n++) {
        const { publicKey, privateKey } = kind.generate();
        const base = publicKey.export({ format: 'jwk' }) as Jwk;
        const canonical = Object.fromEntries(ORACLE_MEMBERS[base['kty'] as string]!.map((m) => [m, base[m]]));
        const variants = [base, ...Array.from({ length: 4 }, () => variant(base, kind.alg))];
        const at = `seed ${SEED}, ${kind.name} key ${n}`;

        const did = oracleDid(base);
        const thumbprint = await calculateJwkThumbprint(base);
        const didKey = didKeyOf(base);
        let created = 0;
        for (const jwk of variants) {
          const what = `${at}, variant ${JSON.stringify(Object.keys(jwk))}`;
          assert.equal(didJwkFromJwk(jwk), did, `did:jwk encoder, ${what}`);
          assert.equal(await holderDidOfProof({ jwk }, kind.alg, privateKey), did, `holder DID of a jwk proof, ${what}`);
          assert.equal(didKeyOf(jwk), didKey, `did:key encoder, ${what}`);

          const service = registry(() => jwk);
          const viaJwk = await service.create({ method: 'jwk', keyId: `k${created++}` });
          assert.equal(viaJwk.did, did, `did-registry did:jwk creation, ${what}`);
          assert.deepEqual(viaJwk.document.verificationMethod?.[0]?.publicKeyJwk, canonical, `did:jwk document key, ${what}`);
          const viaKey = await service.create({ method: 'key', keyId: `k${created++}` });
          assert.equal(viaKey.did, didKey, `did-registry did:key creation, ${what}`);
          const viaWeb = await service.create({ method: 'web', keyId: `k${created++}`, path: `p/${created}` });
          assert.equal(viaWeb.document.verificationMethod?.[0]?.id, `${viaWeb.did}#${thumbprint}`, `did:web method id, ${what}`);
        }

        // A holder that names its key by the DID gets that DID back, and the key is the one it encodes.
        assert.equal(await holderDidOfProof({ kid: `${did}#0` }, kind.alg, privateKey), did, `holder DID of a did:jwk kid, ${at}`);
        if (kind.holderDidKey) {
          assert.equal(await holderDidOfProof({ kid: `${didKey}#${didKey.slice(8)}` }, kind.alg, privateKey), didKey, `did:key kid, ${at}`);
        }

        // Round trips through every decoder: did-registry's resolver and codecs, the holder side's local resolvers.
        assert.deepEqual(parseDidJwk(did), canonical, `did-registry did:jwk decoder, ${at}`);
        const holderJwk = resolveDidJwk(`${did}#0`);
        assert.ok(holderJwk.ok && holderJwk.did === did, `holder did:jwk resolver, ${at}`);
        assert.deepEqual(holderJwk.jwk, canonical, `holder did:jwk resolver key, ${at}`);
        const resolved = await new DidResolver(ISSUER, async () => undefined, undefined as never).resolve(did);
        assert.deepEqual(resolved.didDocument?.verificationMethod?.[0]?.publicKeyJwk, canonical, `did-registry resolution, ${at}`);
        assert.deepEqual(multibaseToJwk(parseDidKey(didKey)), canonical, `did-registry did:key decoder, ${at}`);
        if (kind.holderDidKey) {
          const holderKey = resolveDidKey(didKey);
          assert.ok(holderKey.ok, `holder did:key resolver, ${at}`);
          assert.deepEqual(holderKey.jwk, canonical, `holder did:key resolver key, ${at}`);
        }
      }
    });
  }
});
