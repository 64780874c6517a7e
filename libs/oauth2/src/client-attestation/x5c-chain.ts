import 'reflect-metadata'; // @peculiar/x509 resolves its algorithm providers through tsyringe, which needs it first
import * as x509 from '@peculiar/x509';

export type X5cChainCheck = { ok: true; leafJwk: Record<string, unknown> } | { ok: false; description: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseX5c(x5c: unknown): x509.X509Certificate[] | string {
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > 10) return 'x5c must be an array of 1 to 10 certificates';
  const certificates: x509.X509Certificate[] = [];
  for (const entry of x5c) {
    // RFC 7515 §4.1.6: standard base64 DER, not base64url, no PEM armour.
    if (typeof entry !== 'string' || !BASE64.test(entry)) return 'x5c entries must be base64 DER certificates';
    try {
      certificates.push(new x509.X509Certificate(Buffer.from(entry, 'base64')));
    } catch {
      return 'x5c contains a certificate that cannot be parsed';
    }
  }
  return certificates;
}

function isValidAt(certificate: x509.X509Certificate, now: Date): boolean {
  return certificate.notBefore.getTime() <= now.getTime() && now.getTime() <= certificate.notAfter.getTime();
}

function isCa(certificate: x509.X509Certificate): boolean {
  return certificate.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

async function signedBy(child: x509.X509Certificate, parent: x509.X509Certificate): Promise<boolean> {
  if (child.issuer !== parent.subject) return false;
  try {
    return await child.verify({ publicKey: parent, signatureOnly: true });
  } catch {
    return false;
  }
}

function sameCertificate(a: x509.X509Certificate, b: x509.X509Certificate): boolean {
  return Buffer.from(a.rawData).equals(Buffer.from(b.rawData));
}

/** Trust anchors from PEM text; unparsable entries are a configuration error (thrown), not a client error. */
export function parseTrustAnchors(pems: readonly string[]): x509.X509Certificate[] {
  return pems.map((pem) => new x509.X509Certificate(pem));
}

/**
 * Validates an `x5c` header chain (RFC 7515 §4.1.6; RFC 5280 path building reduced to a given order): leaf
 * first, each certificate valid at `now` and signed by the next, every issuer a CA (basicConstraints), and the
 * last one either a trust anchor itself or signed by one (HAIP: the chain should not include the anchor).
 * Returns the leaf's public key as a JWK for the JWS signature check. Revocation is not checked.
 */
export async function verifyX5cChain(x5c: unknown, anchors: readonly x509.X509Certificate[], now: Date): Promise<X5cChainCheck> {
  const chain = parseX5c(x5c);
  if (typeof chain === 'string') return { ok: false, description: chain };
  if (anchors.length === 0) return { ok: false, description: 'no trusted certificates are configured' };
  for (const [i, certificate] of chain.entries()) {
    if (!isValidAt(certificate, now)) return { ok: false, description: `x5c certificate ${i} is expired or not yet valid` };
    const parent = chain[i + 1];
    if (parent && (!isCa(parent) || !(await signedBy(certificate, parent)))) {
      return { ok: false, description: `x5c certificate ${i} is not signed by the next certificate (a CA)` };
    }
  }
  const top = chain[chain.length - 1] as x509.X509Certificate;
  let anchored = false;
  for (const anchor of anchors) {
    if (!isValidAt(anchor, now)) continue;
    if (sameCertificate(top, anchor) || (isCa(anchor) && (await signedBy(top, anchor)))) {
      anchored = true;
      break;
    }
  }
  if (!anchored) return { ok: false, description: 'x5c chain does not lead to a trusted certificate' };
  try {
    const key = await (chain[0] as x509.X509Certificate).publicKey.export();
    const jwk = (await globalThis.crypto.subtle.exportKey('jwk', key)) as Record<string, unknown>;
    const { kty, crv, x, y, n, e } = jwk;
    return { ok: true, leafJwk: Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) };
  } catch {
    return { ok: false, description: 'x5c leaf certificate key type is not supported' };
  }
}
