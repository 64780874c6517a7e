import { CborMap, CborTag, CborValue } from './cbor.reader';
import { CborShape } from './cbor-shape';

export type MsoDigestAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';
const DIGEST_LENGTHS: Record<MsoDigestAlgorithm, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** A status reference in the MSO: the Token Status List one, or a mechanism this verifier cannot check. */
export type MsoStatus = { kind: 'status_list'; idx: number; uri: string } | { kind: 'unsupported'; mechanisms: string[] };

/** The parts of a MobileSecurityObject (ISO/IEC 18013-5 §9.1.2.4) the verifier checks. */
export interface MobileSecurityObject {
  docType: string;
  digestAlgorithm: MsoDigestAlgorithm;
  /** namespace → digestID → digest. */
  valueDigests: Map<string, Map<number, Uint8Array>>;
  /** `deviceKeyInfo.deviceKey`, a COSE_Key. */
  deviceKey: CborMap;
  validFrom: Date;
  validUntil: Date;
  status?: MsoStatus;
}

const shape = new CborShape('invalid_mso');

/**
 * Reads MobileSecurityObjectBytes = #6.24(bstr .cbor MobileSecurityObject), the IssuerAuth payload. Only called
 * after the issuer signature verified, so a malformed MSO here is an issuer defect, reported as `invalid_mso`.
 * @throws MdocVerificationError `invalid_mso`
 */
export function parseMobileSecurityObject(payload: Uint8Array): MobileSecurityObject {
  const mso = shape.map(
    shape.embedded(shape.decode(payload, 'IssuerAuth payload'), 'MobileSecurityObjectBytes').content,
    'MobileSecurityObject',
  );
  const version = shape.text(shape.get(mso, 'version', 'MSO version'), 'MSO version');
  if (!version.startsWith('1.')) shape.fail(`MSO version ${version} is not supported`);
  const digestAlgorithm = shape.text(shape.get(mso, 'digestAlgorithm', 'MSO digestAlgorithm'), 'MSO digestAlgorithm');
  if (!(digestAlgorithm in DIGEST_LENGTHS)) shape.fail(`MSO digestAlgorithm ${digestAlgorithm} is not SHA-256, SHA-384 or SHA-512`);
  const algorithm = digestAlgorithm as MsoDigestAlgorithm;
  const deviceKeyInfo = shape.map(shape.get(mso, 'deviceKeyInfo', 'MSO deviceKeyInfo'), 'MSO deviceKeyInfo');
  const validityInfo = shape.map(shape.get(mso, 'validityInfo', 'MSO validityInfo'), 'MSO validityInfo');
  return {
    docType: shape.text(shape.get(mso, 'docType', 'MSO docType'), 'MSO docType'),
    digestAlgorithm: algorithm,
    valueDigests: readValueDigests(shape.get(mso, 'valueDigests', 'MSO valueDigests'), DIGEST_LENGTHS[algorithm]),
    deviceKey: shape.map(shape.get(deviceKeyInfo, 'deviceKey', 'MSO deviceKey'), 'MSO deviceKey'),
    validFrom: tdate(shape.get(validityInfo, 'validFrom', 'validityInfo.validFrom'), 'validityInfo.validFrom'),
    validUntil: tdate(shape.get(validityInfo, 'validUntil', 'validityInfo.validUntil'), 'validityInfo.validUntil'),
    status: mso.has('status') ? readStatus(mso.get('status')) : undefined,
  };
}

function readValueDigests(value: CborValue, length: number): Map<string, Map<number, Uint8Array>> {
  const result = new Map<string, Map<number, Uint8Array>>();
  for (const [namespace, digests] of shape.map(value, 'MSO valueDigests')) {
    const what = `valueDigests[${String(namespace)}]`;
    const byId = new Map<number, Uint8Array>();
    for (const [digestId, digest] of shape.map(digests, what)) {
      const bytes = shape.bytes(digest, `${what}[${String(digestId)}]`);
      if (bytes.length !== length) shape.fail(`${what}[${String(digestId)}] is not a ${length}-byte digest`);
      byId.set(shape.uint(digestId, `${what} digestID`), bytes);
    }
    result.set(shape.text(namespace, 'a valueDigests namespace'), byId);
  }
  return result;
}

/** `tdate` = #6.0(tstr), RFC 3339 (ISO/IEC 18013-5 §7.2.1). */
function tdate(value: CborValue, what: string): Date {
  if (!(value instanceof CborTag) || value.tag !== 0 || typeof value.value !== 'string') return shape.fail(`${what} must be a tdate`);
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value.value) ? new Date(value.value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : shape.fail(`${what} "${value.value}" is not an RFC 3339 date-time`);
}

/**
 * `status` (Token Status List draft, "Referenced Token in COSE": {"status_list": {"idx", "uri"}}). Other
 * mechanisms (ISO/IEC 18013-5 identifier lists) are kept by name so the caller can refuse what it cannot check.
 */
function readStatus(value: CborValue): MsoStatus {
  const status = shape.map(value, 'MSO status');
  if (!status.has('status_list')) return { kind: 'unsupported', mechanisms: [...status.keys()].map(String) };
  const list = shape.map(status.get('status_list'), 'MSO status.status_list');
  return {
    kind: 'status_list',
    idx: shape.uint(shape.get(list, 'idx', 'status_list.idx'), 'status_list.idx'),
    uri: shape.text(shape.get(list, 'uri', 'status_list.uri'), 'status_list.uri'),
  };
}
