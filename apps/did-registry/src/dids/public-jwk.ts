import { createPublicKey } from 'node:crypto';

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

/** SEC 1 §2.3.3 compressed point: 0x02/0x03 (parity of y) ‖ x. */
export function compressEcPoint(jwk: Jwk): Buffer {
  const x = Buffer.from(String(jwk.x), 'base64url');
  const y = Buffer.from(String(jwk.y), 'base64url');
  return Buffer.concat([Buffer.from([y[y.length - 1] & 1 ? 0x03 : 0x02]), x]);
}
