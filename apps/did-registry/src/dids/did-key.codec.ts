import { createPublicKey } from 'node:crypto';
import { canonicalPublicJwk } from '@issuer/oauth2';
import { base58btcDecode, base58btcEncode } from '@issuer/oid4vci';
import { DidResolutionFailure } from './did-resolution.error';
import { compressEcPoint, decompressEcPoint, EC_COORDINATE_BYTES, type Jwk } from './public-jwk';

/** Multicodec public key codes as unsigned varints (multicodec table: ed25519-pub, p256-pub, ...). */
const CODECS = [
  { name: 'ed25519-pub', prefix: Buffer.from([0xed, 0x01]) },
  { name: 'secp256k1-pub', prefix: Buffer.from([0xe7, 0x01]) },
  { name: 'p256-pub', prefix: Buffer.from([0x80, 0x24]) },
  { name: 'p384-pub', prefix: Buffer.from([0x81, 0x24]) },
  { name: 'rsa-pub', prefix: Buffer.from([0x85, 0x24]) },
] as const;
type CodecName = (typeof CODECS)[number]['name'];
const PREFIX = new Map<CodecName, Buffer>(CODECS.map((c) => [c.name, c.prefix]));
const EC_CODEC: Record<string, CodecName> = { 'P-256': 'p256-pub', 'P-384': 'p384-pub', secp256k1: 'secp256k1-pub' };
const EC_CURVE: Partial<Record<CodecName, string>> = { 'p256-pub': 'P-256', 'p384-pub': 'P-384', 'secp256k1-pub': 'secp256k1' };

/**
 * The multibase (`z` + base58btc) multicodec form of a public JWK, as used by did:key (W3C CCG did:key
 * v0.7 §3.1): Ed25519 raw 32 bytes, EC keys as compressed points, RSA as DER RSAPublicKey (PKCS#1).
 */
export function jwkToMultibase(jwk: Jwk): string {
  const key = canonicalPublicJwk(jwk);
  let codec: CodecName;
  let bytes: Buffer;
  if (key.kty === 'OKP' && key.crv === 'Ed25519') {
    codec = 'ed25519-pub';
    bytes = Buffer.from(String(key.x), 'base64url');
  } else if (key.kty === 'EC' && EC_CODEC[String(key.crv)]) {
    codec = EC_CODEC[String(key.crv)];
    bytes = compressEcPoint(key);
  } else if (key.kty === 'RSA') {
    codec = 'rsa-pub';
    bytes = createPublicKey({ key: key as never, format: 'jwk' }).export({ type: 'pkcs1', format: 'der' });
  } else {
    throw new Error(`did:key does not support ${String(key.kty)} ${String(key.crv ?? '')} keys here`);
  }
  return `z${base58btcEncode(Buffer.concat([PREFIX.get(codec)!, bytes]))}`;
}

/** The public JWK (canonical members) of a did:key multibase value; throws DidResolutionFailure. */
export function multibaseToJwk(multibase: string): Jwk {
  if (!multibase.startsWith('z')) throw new DidResolutionFailure('invalidDid', 'did:key must use multibase base58btc ("z")');
  const decoded = base58btcDecode(multibase.slice(1));
  const bytes = decoded && Buffer.from(decoded);
  if (!bytes || bytes.length < 3) throw new DidResolutionFailure('invalidDid', 'did:key is not valid base58btc');
  const codec = CODECS.find((c) => bytes.subarray(0, c.prefix.length).equals(c.prefix));
  if (!codec) throw new DidResolutionFailure('invalidPublicKeyType', 'did:key uses an unsupported multicodec key type');
  const key = bytes.subarray(codec.prefix.length);
  try {
    if (codec.name === 'ed25519-pub') {
      if (key.length !== 32) throw new DidResolutionFailure('invalidPublicKeyLength', 'an Ed25519 key has 32 bytes');
      return canonicalPublicJwk({ kty: 'OKP', crv: 'Ed25519', x: key.toString('base64url') });
    }
    if (codec.name === 'rsa-pub') {
      const jwk = createPublicKey({ key, format: 'der', type: 'pkcs1' }).export({ format: 'jwk' }) as Jwk;
      return canonicalPublicJwk(jwk);
    }
    const crv = EC_CURVE[codec.name]!;
    if (key.length !== EC_COORDINATE_BYTES[crv] + 1) {
      throw new DidResolutionFailure('invalidPublicKeyLength', `a compressed ${crv} key has ${EC_COORDINATE_BYTES[crv] + 1} bytes`);
    }
    return decompressEcPoint(crv, key);
  } catch (error) {
    if (error instanceof DidResolutionFailure) throw error;
    throw new DidResolutionFailure('invalidDid', `did:key holds no valid ${codec.name} key`, { cause: error });
  }
}

export function didKeyOf(jwk: Jwk): string {
  return `did:key:${jwkToMultibase(jwk)}`;
}

/** The multibase part of a did:key (without a DID URL path, query or fragment). */
export function parseDidKey(did: string): string {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (!match) throw new DidResolutionFailure('invalidDid', 'a did:key is did:key:z<base58btc>');
  return match[1];
}
