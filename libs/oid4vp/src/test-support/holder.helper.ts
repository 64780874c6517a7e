// Test-only wallet and issuer side, independent of this library: keys and JWS with jose, SD-JWT VC issuance and
// presentation (KB-JWT) with @sd-jwt/sd-jwt-vc, did:key identifiers with did-jwt's multibase helper, status lists
// with @sd-jwt/jwt-status-list. The barrel does not export this; production code never imports it.
import { createHash, ECDH, createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { StatusList } from '@sd-jwt/jwt-status-list';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { bytesToMultibase } from 'did-jwt';
import { CompactSign, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface TestKey {
  alg: 'ES256' | 'EdDSA';
  publicJwk: JWK;
  privateJwk: JWK;
  privateKey: KeyObject;
}

export async function newKey(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<TestKey> {
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const privateJwk = await exportJWK(pair.privateKey);
  return {
    alg,
    publicJwk: await exportJWK(pair.publicKey),
    privateJwk,
    privateKey: createPrivateKey({ key: privateJwk as never, format: 'jwk' }),
  };
}

/** Signs any protected header and payload as a compact JWS (jose checks nothing about the claims). */
export async function signJws(key: TestKey, header: Record<string, unknown>, payload: unknown): Promise<string> {
  const privateKey = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, ...header })
    .sign(privateKey);
}

/** Replaces one character of the signature part, keeping the JWS well-formed. */
export function tamperSignature(jws: string): string {
  const at = jws.length - 5;
  return jws.slice(0, at) + (jws[at] === 'A' ? 'B' : 'A') + jws.slice(at + 1);
}

export const didJwkOf = (jwk: JWK): string => `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;

/** did:key of a P-256 or Ed25519 key: multicodec prefix and (compressed) key, base58btc (did:key v0.7). */
export function didKeyOf(jwk: JWK): string {
  if (jwk.kty === 'OKP') return `did:key:${bytesToMultibase(Buffer.from(jwk.x as string, 'base64url'), 'base58btc', 'ed25519-pub')}`;
  const uncompressed = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x as string, 'base64url'),
    Buffer.from(jwk.y as string, 'base64url'),
  ]);
  const bytes = ECDH.convertKey(uncompressed, 'prime256v1', undefined, undefined, 'compressed') as Buffer;
  return `did:key:${bytesToMultibase(bytes, 'base58btc', 'p256-pub')}`;
}

const nodeSigner = (key: TestKey) => async (data: string) => {
  const signature =
    key.alg === 'EdDSA'
      ? sign(null, Buffer.from(data), key.privateKey)
      : sign('sha256', Buffer.from(data), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return signature.toString('base64url');
};

const sdHasher = (data: string | ArrayBuffer, alg: string) =>
  new Uint8Array(
    createHash(alg.replace('-', ''))
      .update(typeof data === 'string' ? data : Buffer.from(data))
      .digest(),
  );

/** An SD-JWT VC issuer and holder as a real wallet would use them (@sd-jwt/sd-jwt-vc 0.19). */
export function sdJwtVc(issuerKey: TestKey, holderKey?: TestKey): SDJwtVcInstance {
  return new SDJwtVcInstance({
    signer: nodeSigner(issuerKey),
    signAlg: issuerKey.alg,
    hasher: sdHasher,
    hashAlg: 'sha-256',
    saltGenerator: () => randomBytes(16).toString('base64url'),
    ...(holderKey ? { kbSigner: nodeSigner(holderKey), kbSignAlg: holderKey.alg } : {}),
  });
}

/** Status List Token (draft-ietf-oauth-status-list §5.1) with the given statuses, signed by `key`. */
export async function statusListToken(
  key: TestKey,
  options: {
    uri: string;
    bits: 1 | 2 | 4 | 8;
    statuses: number[];
    iat: number;
    exp?: number;
    header?: Record<string, unknown>;
    sub?: string;
  },
): Promise<string> {
  const list = new StatusList(options.statuses, options.bits);
  return signJws(
    key,
    { typ: 'statuslist+jwt', ...options.header },
    {
      sub: options.sub ?? options.uri,
      iat: options.iat,
      ...(options.exp !== undefined ? { exp: options.exp } : {}),
      status_list: { bits: options.bits, lst: list.compressStatusList() },
    },
  );
}
