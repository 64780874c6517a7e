import { KeyObject, X509Certificate } from 'node:crypto';
import { CborValue } from './cbor.reader';
import { MdocVerificationError, MdocVerificationErrorCode } from './mdoc-verification.error';

// DS → IACA is the ISO 18013-5 shape; a little room for an intermediate, no room for a forged long chain.
const MAX_CHAIN_LENGTH = 4;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g;

/** The DER certificates of an `x5chain` header (RFC 9360 §2): one bstr, or an array of them, leaf first. */
export function readX5chain(value: CborValue): Uint8Array[] | undefined {
  if (value instanceof Uint8Array) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((c) => c instanceof Uint8Array)) return value as Uint8Array[];
  return undefined;
}

/**
 * Checks that the leaf of `x5chain` chains to one of `trustedCertificates` (PEM, normally IACA roots) and that
 * every certificate on the path, the trust anchor included, is valid at `now` (ISO/IEC 18013-5 §9.3.3). Each
 * link needs matching issuer/subject names and key identifiers, a verifying signature and an issuer with
 * basicConstraints cA. A trusted certificate may also be the leaf itself (a pinned Document Signer). Not
 * checked: key usage, extended key usage and revocation of the certificates (no CRL fetching).
 * @returns the leaf's public key
 * @throws MdocVerificationError with `code`
 */
export function verifyCertificateChain(
  x5chain: Uint8Array[],
  trustedCertificates: readonly string[],
  now: Date,
  code: MdocVerificationErrorCode,
  what: string,
): KeyObject {
  const fail = (message: string, cause?: unknown): never => {
    throw new MdocVerificationError(code, `${what}: ${message}`, { cause });
  };
  if (x5chain.length > MAX_CHAIN_LENGTH) fail(`x5chain has more than ${MAX_CHAIN_LENGTH} certificates`);
  const chain = x5chain.map((der, i) => {
    try {
      return new X509Certificate(der);
    } catch (cause) {
      return fail(`x5chain certificate ${i} is not a DER X.509 certificate`, cause);
    }
  });
  const anchors = parseTrustedCertificates(trustedCertificates, fail);
  const checkValidity = (cert: X509Certificate, role: string) => {
    if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) {
      fail(
        `${role} "${cert.subject.replace(/\n/g, ', ')}" is not valid at ${now.toISOString()} (valid ${cert.validFrom} to ${cert.validTo})`,
      );
    }
  };
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    checkValidity(cert, i === 0 ? 'the certificate' : `x5chain certificate ${i}`);
    if (anchors.some((anchor) => anchor.raw.equals(cert.raw))) return chain[0]!.publicKey;
    const anchor = anchors.find((candidate) => candidate.ca && issued(cert, candidate));
    if (anchor) {
      checkValidity(anchor, 'the trusted certificate');
      return chain[0]!.publicKey;
    }
    const next = chain[i + 1];
    if (!next) return fail('the certificate does not chain to a trusted certificate');
    if (!next.ca || !issued(cert, next)) fail(`x5chain certificate ${i} is not issued by certificate ${i + 1}`);
  }
  return fail('empty x5chain');
}

function issued(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false; // an issuer key node cannot use is not a valid issuer
  }
}

function parseTrustedCertificates(pems: readonly string[], fail: (message: string, cause?: unknown) => never): X509Certificate[] {
  if (!Array.isArray(pems) || pems.length === 0) return fail('no trusted certificates are configured');
  return pems.flatMap((pem, i) => {
    const blocks = typeof pem === 'string' ? (pem.match(PEM_CERTIFICATE) ?? []) : [];
    if (blocks.length === 0) fail(`trusted certificate ${i} is not a PEM certificate`);
    return blocks.map((block) => {
      try {
        return new X509Certificate(block);
      } catch (cause) {
        return fail(`trusted certificate ${i} cannot be parsed`, cause);
      }
    });
  });
}
