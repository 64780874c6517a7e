import type { Jwk } from '../callbacks';
import { base64UrlDecodeJson } from '../jose/base64url';
import { asPublicJwk } from '../jose/jwk';
import { base58btcDecode } from './base58btc';
import { decompressPoint } from './ec-point';

/** Splits a DID URL into the DID and its fragment (DID Core §3.2); query and path are not used for keys. */
export function splitDidUrl(didUrl: string): { did: string; fragment?: string } {
  const hash = didUrl.indexOf('#');
  const did = (hash < 0 ? didUrl : didUrl.slice(0, hash)).replace(/[?/].*$/, '');
  return hash < 0 ? { did } : { did, fragment: didUrl.slice(hash + 1) };
}

/** Whether a string is a DID (DID Core §3.1: `did:<method>:<method-specific-id>`). */
export const isDid = (value: unknown): value is string => typeof value === 'string' && /^did:[a-z0-9]+:[A-Za-z0-9._:%_-]+$/.test(value);

/** did:jwk (did-jwk spec §2): the method-specific id is the base64url JSON of a public JWK; its one key is `#0`. */
function didJwkKey(did: string, fragment: string | undefined): Jwk | undefined {
  if (fragment !== undefined && fragment !== '0') return undefined;
  const jwk = asPublicJwk(base64UrlDecodeJson(did.slice('did:jwk:'.length)));
  if (!jwk) return undefined;
  const { kid: _kid, d: _d, ...rest } = jwk;
  return rest;
}

/** Multicodec prefixes (unsigned varint) of the public keys did:key carries for signing (did:key v0.7 §3.1.2). */
const MULTICODEC: { prefix: number[]; build: (key: Uint8Array) => Jwk | undefined }[] = [
  {
    prefix: [0xed, 0x01],
    build: (k) => (k.length === 32 ? { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(k).toString('base64url') } : undefined),
  },
  { prefix: [0x80, 0x24], build: (k) => ecJwk('P-256', k) },
  { prefix: [0x81, 0x24], build: (k) => ecJwk('P-384', k) },
  { prefix: [0xe7, 0x01], build: (k) => ecJwk('secp256k1', k) },
  // jwk_jcs-pub (EBSI natural persons): the JCS-canonical JSON of the JWK.
  { prefix: [0xd1, 0xd6, 0x03], build: (k) => asPublicJwk(safeJson(k)) },
];

function ecJwk(crv: 'P-256' | 'P-384' | 'secp256k1', compressed: Uint8Array): Jwk | undefined {
  const point = decompressPoint(crv, compressed);
  return point ? { kty: 'EC', crv, ...point } : undefined;
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** did:key: `z` + base58btc(multicodec prefix ‖ key); its one verification method is `#<method-specific id>`. */
function didKeyKey(did: string, fragment: string | undefined): Jwk | undefined {
  const id = did.slice('did:key:'.length);
  if (!id.startsWith('z') || (fragment !== undefined && fragment !== id)) return undefined;
  const bytes = base58btcDecode(id.slice(1));
  if (!bytes) return undefined;
  const codec = MULTICODEC.find(({ prefix }) => prefix.every((byte, i) => bytes[i] === byte));
  return codec?.build(bytes.slice(codec.prefix.length));
}

/**
 * The public key of a `did:jwk` or `did:key` DID or DID URL, decoded locally (no resolution needed: the key is
 * the identifier). `undefined` for other methods, unknown key types, or a fragment that names no key of the DID.
 */
export function localDidKey(didUrl: string): Jwk | undefined {
  const { did, fragment } = splitDidUrl(didUrl);
  if (did.startsWith('did:jwk:')) return didJwkKey(did, fragment);
  if (did.startsWith('did:key:')) return didKeyKey(did, fragment);
  return undefined;
}

/** Whether the DID method is decoded locally (did:jwk, did:key). */
export const isLocalDid = (did: string): boolean => did.startsWith('did:jwk:') || did.startsWith('did:key:');
