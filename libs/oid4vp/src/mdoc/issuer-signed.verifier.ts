import { createHash, KeyObject } from 'node:crypto';
import { CborMap } from './cbor.reader';
import { CborShape } from './cbor-shape';
import { readX5chain, verifyCertificateChain } from './certificate-chain.verifier';
import { cborToClaim, setClaim } from './claim-value.converter';
import { HEADER_X5CHAIN, parseCoseSign1, verifyCoseSign1 } from './cose-sign1';
import { MdocVerificationError } from './mdoc-verification.error';
import { MobileSecurityObject, MsoDigestAlgorithm, parseMobileSecurityObject } from './mobile-security-object.parser';

const NODE_HASH: Record<MsoDigestAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

export interface VerifiedIssuerSigned {
  mso: MobileSecurityObject;
  /** The Document Signer key, already chained to a trusted IACA (also trusted for the credential's status list). */
  documentSignerKey: KeyObject;
  /** namespace → element identifier → value as JSON. */
  claims: Record<string, Record<string, unknown>>;
}

const shape = new CborShape();

/**
 * mdoc issuer data authentication (ISO/IEC 18013-5 §9.1.2, §9.3.1): the IssuerAuth x5chain (unprotected header
 * 33, ISO §9.1.2.4; the protected header is accepted too) chains to a trusted IACA at `now`; the COSE_Sign1
 * verifies with the Document Signer key; the MSO names the Document's docType and `now` lies within
 * [validFrom, validUntil]; every disclosed IssuerSignedItemBytes hashes, as sent, to its valueDigests entry.
 * Only elements that pass are returned, so an element the issuer never signed cannot reach the claims.
 * @throws MdocVerificationError `invalid_device_response`, `untrusted_issuer`, `invalid_issuer_signature`,
 *   `invalid_mso`, `credential_not_yet_valid`, `credential_expired`, `digest_mismatch`
 */
export function verifyIssuerSigned(
  issuerSigned: CborMap,
  docType: string,
  trust: { trustedCertificates: readonly string[]; now: Date },
): VerifiedIssuerSigned {
  const issuerAuth = parseCoseSign1(shape.get(issuerSigned, 'issuerAuth', 'IssuerSigned.issuerAuth'), 'IssuerAuth');
  const x5chain = readX5chain(issuerAuth.unprotectedHeader.get(HEADER_X5CHAIN) ?? issuerAuth.protectedHeader.get(HEADER_X5CHAIN));
  if (!x5chain) throw new MdocVerificationError('untrusted_issuer', 'IssuerAuth carries no x5chain with the Document Signer certificate');
  const documentSignerKey = verifyCertificateChain(x5chain, trust.trustedCertificates, trust.now, 'untrusted_issuer', 'IssuerAuth x5chain');
  if (!issuerAuth.payload) throw new MdocVerificationError('invalid_issuer_signature', 'IssuerAuth has no MSO payload');
  verifyCoseSign1(issuerAuth, documentSignerKey, issuerAuth.payload, 'invalid_issuer_signature', 'IssuerAuth');

  const mso = parseMobileSecurityObject(issuerAuth.payload);
  if (mso.docType !== docType)
    throw new MdocVerificationError('invalid_mso', `the MSO is for docType ${mso.docType}, the Document says ${docType}`);
  if (trust.now < mso.validFrom) {
    throw new MdocVerificationError('credential_not_yet_valid', `${docType} is valid from ${mso.validFrom.toISOString()}`);
  }
  if (trust.now > mso.validUntil) {
    throw new MdocVerificationError('credential_expired', `${docType} expired at ${mso.validUntil.toISOString()}`);
  }
  const nameSpaces = issuerSigned.has('nameSpaces') ? shape.map(issuerSigned.get('nameSpaces'), 'IssuerSigned.nameSpaces') : new Map();
  return { mso, documentSignerKey, claims: disclosedClaims(nameSpaces, mso) };
}

function disclosedClaims(nameSpaces: CborMap, mso: MobileSecurityObject): Record<string, Record<string, unknown>> {
  const claims: Record<string, Record<string, unknown>> = {};
  for (const [nsKey, items] of nameSpaces) {
    const namespace = shape.text(nsKey, 'an IssuerNameSpaces key');
    const digests = mso.valueDigests.get(namespace);
    const elements: Record<string, unknown> = {};
    const seen = new Set<number>();
    for (const [i, entry] of shape.array(items, `nameSpaces[${namespace}]`).entries()) {
      const what = `nameSpaces[${namespace}][${i}]`;
      const { tag, content } = shape.embedded(entry, `${what} (IssuerSignedItemBytes)`);
      const item = shape.map(content, `${what} (IssuerSignedItem)`);
      const digestId = shape.uint(shape.get(item, 'digestID', `${what}.digestID`), `${what}.digestID`);
      const element = shape.text(shape.get(item, 'elementIdentifier', `${what}.elementIdentifier`), `${what}.elementIdentifier`);
      shape.bytes(shape.get(item, 'random', `${what}.random`), `${what}.random`);
      const expected = digests?.get(digestId);
      // ISO 18013-5 §9.1.2.5: the digest is over the #6.24-tagged bytes exactly as they appear in the response.
      const actual = createHash(NODE_HASH[mso.digestAlgorithm]).update(tag.encoded).digest();
      if (!expected || !actual.equals(expected)) {
        throw new MdocVerificationError(
          'digest_mismatch',
          `${namespace}/${element} does not match the digest the issuer signed (digestID ${digestId})`,
        );
      }
      if (seen.has(digestId) || Object.hasOwn(elements, element)) {
        throw new MdocVerificationError('invalid_device_response', `${namespace}/${element} is disclosed twice`);
      }
      seen.add(digestId);
      setClaim(elements, element, cborToClaim(shape.get(item, 'elementValue', `${what}.elementValue`)));
    }
    setClaim(claims, namespace, elements);
  }
  return claims;
}
