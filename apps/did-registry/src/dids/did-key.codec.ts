import { createPublicKey } from 'node:crypto';
import { canonicalPublicJwk } from '@issuer/oauth2';
import { base58btcDecode, base58btcEncode, multibaseKeyToJwk } from '@issuer/oid4vci';
import { DidResolutionFailure } from './did-resolution.error';
import { compressEcPoint, type Jwk } from './public-jwk';

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

/**
 * The public JWK (canonical members) of a did:key multibase value; throws DidResolutionFailure. RSA (PKCS#1 DER) is
 * read here; every other key type by @issuer/oid4vci's decoder, the one the proof checks use, so a did:key means the
 * same key to both.
 */
export function multibaseToJwk(multibase: string): Jwk {
  const decoded = multibase.startsWith('z') ? base58btcDecode(multibase.slice(1)) : undefined;
  const rsa = PREFIX.get('rsa-pub')!;
  if (decoded && decoded.length > rsa.length && rsa.every((byte, i) => decoded[i] === byte)) {
    try {
      const key = Buffer.from(decoded.subarray(rsa.length));
      return canonicalPublicJwk(createPublicKey({ key, format: 'der', type: 'pkcs1' }).export({ format: 'jwk' }) as Jwk);
    } catch (error) {
      throw new DidResolutionFailure('invalidDid', 'did:key holds no valid rsa-pub key', { cause: error });
    }
  }
  const result = multibaseKeyToJwk(multibase);
  if (!result.ok) throw new DidResolutionFailure(result.code, result.description);
  return canonicalPublicJwk(result.jwk);
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
