import { createPublicKey } from 'node:crypto';
import { canonicalPublicJwk } from '@issuer/oauth2';

export type Jwk = Record<string, unknown>;

// The canonical public JWK (RFC 7638 members and order) is @issuer/oauth2's `canonicalPublicJwk`; did:jwk is
// @issuer/oid4vci's `didJwkFromJwk`; thumbprints are jose's `calculateJwkThumbprint`.

/** Whether node:crypto accepts the JWK as a public key (curve point valid, sizes right). */
export function isUsablePublicJwk(jwk: Jwk): boolean {
  try {
    createPublicKey({ key: jwk as never, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

/** SubjectPublicKeyInfo DER prefixes of compressed EC points (id-ecPublicKey + curve OID, BIT STRING header). */
const COMPRESSED_SPKI_PREFIX: Record<string, Buffer> = {
  'P-256': Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
  'P-384': Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'),
  secp256k1: Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex'),
};
export const EC_COORDINATE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, secp256k1: 32 };

/** SEC 1 §2.3.3 compressed point: 0x02/0x03 (parity of y) ‖ x. */
export function compressEcPoint(jwk: Jwk): Buffer {
  const x = Buffer.from(String(jwk.x), 'base64url');
  const y = Buffer.from(String(jwk.y), 'base64url');
  return Buffer.concat([Buffer.from([y[y.length - 1] & 1 ? 0x03 : 0x02]), x]);
}

/**
 * The public JWK of a compressed EC point. node:crypto (OpenSSL) decompresses and checks the point when it
 * parses an SPKI built around it, so an off-curve point is refused here.
 */
export function decompressEcPoint(crv: string, point: Uint8Array): Jwk {
  const prefix = COMPRESSED_SPKI_PREFIX[crv];
  const size = EC_COORDINATE_BYTES[crv];
  if (!prefix || point.length !== size + 1 || (point[0] !== 0x02 && point[0] !== 0x03)) throw new Error(`not a compressed ${crv} point`);
  const key = createPublicKey({ key: Buffer.concat([prefix, point]), format: 'der', type: 'spki' });
  return canonicalPublicJwk(key.export({ format: 'jwk' }) as Jwk);
}
