import 'reflect-metadata'; // @peculiar/x509 resolves its algorithm providers through tsyringe, which needs it first
import * as x509 from '@peculiar/x509';
import { parseTrustAnchors, verifyX5cChain } from '@issuer/oauth2';
import type { Jwk } from '../callbacks';

export type X5cTrust = { ok: true; leafJwk: Jwk } | { ok: false; description: string };

function leafOf(x5c: unknown): x509.X509Certificate | undefined {
  if (!Array.isArray(x5c) || typeof x5c[0] !== 'string') return undefined;
  try {
    return new x509.X509Certificate(Buffer.from(x5c[0], 'base64'));
  } catch {
    return undefined;
  }
}

/**
 * Resolves the signing key of an `x5c` header (RFC 7515 §4.1.6) against trusted PEM certificates: either the leaf is
 * itself one of them (a pinned issuer certificate), or the chain leads to one as trust anchor (each certificate valid
 * now and signed by the next CA, through `@issuer/oauth2`'s chain check). Revocation of certificates is not checked.
 */
export async function trustX5c(x5c: unknown, trustedPems: readonly string[], now: Date): Promise<X5cTrust> {
  if (trustedPems.length === 0) return { ok: false, description: 'no trusted certificates are configured' };
  const anchors = parseTrustAnchors(trustedPems);
  const leaf = leafOf(x5c);
  const pinned = leaf && anchors.some((anchor) => Buffer.from(anchor.rawData).equals(Buffer.from(leaf.rawData)));
  // A pinned leaf is checked alone: the rest of the chain then does not matter.
  const chain = await verifyX5cChain(pinned ? (x5c as unknown[]).slice(0, 1) : x5c, anchors, now);
  return chain.ok ? { ok: true, leafJwk: chain.leafJwk } : { ok: false, description: chain.description };
}
