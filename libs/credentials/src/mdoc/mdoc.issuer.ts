import { encodeCbor } from '../cose/cbor.encoder';
import { CredentialError } from '../shared/credential-error';
import { isPlainObject } from '../shared/json-object.util';
import { signIssuerAuth } from './issuer-auth.signer';
import { jwkToCoseKey } from './cose-key.converter';
import { convertMdocNameSpaces } from './data-mapping.converter';
import { isMdocDigestAlgorithm, isMdocSigningAlgorithm, MDOC_SIGNING_ALGORITHMS, MdocDigestAlgorithm } from './mdoc-algorithms';
import { MdocCallbacks, MdocIssueInput, MdocStatus, MdocValidityInfo } from './mdoc.types';
import { buildSignedItems, encodeMobileSecurityObjectBytes } from './mso.builder';

/**
 * Issues an ISO/IEC 18013-5 mdoc for OID4VCI 1.0 `mso_mdoc` (Appendix A.2): the credential is
 * base64url(CBOR(IssuerSigned)) without padding — no DeviceResponse or Document wrapper.
 *
 * Data goes through the `mDocNameSpacesDataMappingConfig` conversions, every element gets a 32-byte salt and a
 * random digest id, the MSO binds the holder's proof key as `deviceKey` and carries the caller's validity and
 * optional Token Status List reference, and the DS key signs it through `callbacks.sign` (kms). Only ES256,
 * ES384 and EdDSA are accepted (ISO 18013-5 §9.1.3.6); a verifier must trust the IACA that issued the DS certificate.
 * @throws CredentialError `MDOC_INVALID_REQUEST`, `MDOC_UNSUPPORTED_ALGORITHM`, `MDOC_DATA_MAPPING_INVALID`,
 *   `MDOC_DATA_CONVERSION_FAILED`, `INVALID_JWK`, `SIGNING_FAILED`, `MDOC_ISSUE_FAILED`
 */
export async function issueMdoc(input: MdocIssueInput, callbacks: MdocCallbacks): Promise<string> {
  if (!isPlainObject(input)) throw invalid('/', 'the issue input must be an object');
  if (typeof input.docType !== 'string' || input.docType.trim() === '') throw invalid('docType', 'must be a non-empty string');
  if (!isMdocSigningAlgorithm(input.signingAlgorithm)) {
    throw new CredentialError(
      'MDOC_UNSUPPORTED_ALGORITHM',
      `mdoc signing algorithm ${String(input.signingAlgorithm)} is not allowed; use ${MDOC_SIGNING_ALGORITHMS.join(', ')}`,
      { errors: [{ path: 'signingAlgorithm', message: `must be one of ${MDOC_SIGNING_ALGORITHMS.join(', ')}` }] },
    );
  }
  const digestAlgorithm: MdocDigestAlgorithm = input.digestAlgorithm ?? 'SHA-256';
  if (!isMdocDigestAlgorithm(digestAlgorithm)) throw invalid('digestAlgorithm', 'must be SHA-256, SHA-384 or SHA-512');
  const x5chain = selectX5chain(input);
  checkValidity(input.validityInfo);
  if (input.status !== undefined) checkStatus(input.status);

  const deviceKey = jwkToCoseKey(input.deviceKey);
  const nameSpaces = convertMdocNameSpaces(input.nameSpaces, input.dataMappingConfig);
  const items = await buildSignedItems(nameSpaces, digestAlgorithm, callbacks);
  const msoBytes = encodeMobileSecurityObjectBytes({
    docType: input.docType,
    digestAlgorithm,
    valueDigests: items.valueDigests,
    deviceKey,
    validityInfo: input.validityInfo,
    status: input.status,
  });
  const issuerAuth = await signIssuerAuth(msoBytes, input.signingAlgorithm, x5chain, callbacks);
  const issuerSigned = new Map<string, unknown>([
    ['nameSpaces', items.nameSpaces],
    ['issuerAuth', issuerAuth],
  ]);
  return Buffer.from(encodeCbor(issuerSigned)).toString('base64url');
}

function selectX5chain(input: MdocIssueInput): Uint8Array[] {
  const chain = input.certificateChain;
  if (!Array.isArray(chain) || chain.length === 0 || !chain.every((c) => c instanceof Uint8Array && c.length > 0)) {
    throw invalid('certificateChain', 'must hold the DER Document Signer certificate first');
  }
  if (input.x5chain !== undefined && input.x5chain !== 'leaf' && input.x5chain !== 'chain') {
    throw invalid('x5chain', 'must be "leaf" or "chain"');
  }
  return (input.x5chain === 'chain' ? chain : chain.slice(0, 1)).map((c) => new Uint8Array(c));
}

/** ISO 18013-5 §9.1.2.4: signed ≤ validFrom < validUntil, compared at the whole seconds that get encoded. */
function checkValidity(validity: MdocValidityInfo): void {
  if (!isPlainObject(validity)) throw invalid('validityInfo', 'must give signed, validFrom and validUntil');
  const seconds = (name: keyof MdocValidityInfo, required: boolean): number | undefined => {
    const value = validity[name];
    if (value === undefined && !required) return undefined;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(`validityInfo.${name}`, 'must be a valid Date');
    return Math.floor(value.getTime() / 1000);
  };
  const signed = seconds('signed', true)!;
  const validFrom = seconds('validFrom', true)!;
  const validUntil = seconds('validUntil', true)!;
  const expectedUpdate = seconds('expectedUpdate', false);
  if (validFrom < signed) throw invalid('validityInfo.validFrom', 'must not be earlier than signed');
  if (validUntil <= validFrom) throw invalid('validityInfo.validUntil', 'must be later than validFrom');
  if (expectedUpdate !== undefined && expectedUpdate < signed) {
    throw invalid('validityInfo.expectedUpdate', 'must not be earlier than signed');
  }
}

function checkStatus(status: MdocStatus): void {
  const list = isPlainObject(status) ? status.status_list : undefined;
  if (!isPlainObject(list)) throw invalid('status.status_list', 'must be an object with idx and uri');
  if (!Number.isSafeInteger(list.idx) || list.idx < 0) throw invalid('status.status_list.idx', 'must be a non-negative integer');
  if (typeof list.uri !== 'string' || list.uri === '') throw invalid('status.status_list.uri', 'must be a non-empty string');
}

function invalid(path: string, message: string): CredentialError {
  return new CredentialError('MDOC_INVALID_REQUEST', `${path}: ${message}`, { errors: [{ path, message }] });
}
