import { CredentialError } from '../shared/credential-error';
import { CoseKeyMap } from './cose-key.converter';
import { MdocDigestAlgorithm } from './mdoc-algorithms';
import { encodeCbor, type CborValue } from '../cose/cbor.encoder';
import { tagEncodedCbor, tdate, toCborTree } from './mdoc-cbor.codec';
import { MdocCallbacks, MdocStatus, MdocValidityInfo } from './mdoc.types';
import { MdocNameSpaces, toTdateText } from './mdoc-values';

// ISO 18013-5 §9.1.2.5 asks for at least 16 random bytes per item; 32 matches the reference implementations.
const SALT_BYTES = 32;
// Digest ids are drawn below 2^31: any reader's integer type holds them (several wallets use signed 32-bit ints).
const DIGEST_ID_LIMIT = 0x80000000;
const DIGEST_LENGTH: Record<MdocDigestAlgorithm, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export interface SignedItems {
  /** IssuerNameSpaces: namespace → [IssuerSignedItemBytes (#6.24)]. */
  nameSpaces: Map<string, CborValue[]>;
  /** valueDigests: namespace → digestID → digest. */
  valueDigests: Map<string, Map<number, Uint8Array>>;
}

/**
 * Builds IssuerSignedItemBytes for every element with a fresh salt and a random digest id, and their digests
 * (ISO 18013-5 §9.1.2.5). Random, non-sequential ids keep the element order and count of undisclosed
 * elements from leaking through the ids a holder reveals; ids are unique across the whole document.
 */
export async function buildSignedItems(
  nameSpaces: MdocNameSpaces,
  digestAlgorithm: MdocDigestAlgorithm,
  callbacks: MdocCallbacks,
): Promise<SignedItems> {
  const used = new Set<number>();
  const items = new Map<string, CborValue[]>();
  const valueDigests = new Map<string, Map<number, Uint8Array>>();
  for (const [ns, elements] of Object.entries(nameSpaces)) {
    const nsItems: CborValue[] = [];
    const nsDigests = new Map<number, Uint8Array>();
    for (const [elementIdentifier, value] of Object.entries(elements)) {
      const digestID = randomDigestId(callbacks, used);
      const item = new Map<string, CborValue>([
        ['digestID', digestID],
        ['random', randomBytes(callbacks, SALT_BYTES)],
        ['elementIdentifier', elementIdentifier],
        ['elementValue', toCborTree(value, `['${ns}'].${elementIdentifier}`)],
      ]);
      const itemBytes = tagEncodedCbor(encodeCbor(item));
      // The digest covers the tagged bytes exactly as they appear in nameSpaces (d8 18 <bstr>).
      const digest = await callbacks.digest(encodeCbor(itemBytes), digestAlgorithm);
      if (!(digest instanceof Uint8Array) || digest.length !== DIGEST_LENGTH[digestAlgorithm]) {
        throw new CredentialError('MDOC_ISSUE_FAILED', `the digest callback returned no ${digestAlgorithm} digest`);
      }
      nsItems.push(itemBytes);
      nsDigests.set(digestID, new Uint8Array(digest));
    }
    items.set(ns, nsItems);
    valueDigests.set(ns, nsDigests);
  }
  return { nameSpaces: items, valueDigests };
}

export interface MsoInput {
  docType: string;
  digestAlgorithm: MdocDigestAlgorithm;
  valueDigests: Map<string, Map<number, Uint8Array>>;
  deviceKey: CoseKeyMap;
  validityInfo: MdocValidityInfo;
  status?: MdocStatus;
}

/** MobileSecurityObjectBytes = #6.24(bstr .cbor MobileSecurityObject) (ISO 18013-5 §9.1.2.4), encoded. */
export function encodeMobileSecurityObjectBytes(input: MsoInput): Uint8Array {
  const { signed, validFrom, validUntil, expectedUpdate } = input.validityInfo;
  const validity = new Map<string, CborValue>([
    ['signed', tdate(toTdateText(signed))],
    ['validFrom', tdate(toTdateText(validFrom))],
    ['validUntil', tdate(toTdateText(validUntil))],
  ]);
  if (expectedUpdate) validity.set('expectedUpdate', tdate(toTdateText(expectedUpdate)));
  const mso = new Map<string, CborValue>([
    ['version', '1.0'],
    ['digestAlgorithm', input.digestAlgorithm],
    ['valueDigests', input.valueDigests],
    ['deviceKeyInfo', new Map([['deviceKey', input.deviceKey]])],
    ['docType', input.docType],
    ['validityInfo', validity],
  ]);
  if (input.status) {
    const { idx, uri } = input.status.status_list;
    mso.set(
      'status',
      new Map([
        [
          'status_list',
          new Map<string, CborValue>([
            ['idx', idx],
            ['uri', uri],
          ]),
        ],
      ]),
    );
  }
  return encodeCbor(tagEncodedCbor(encodeCbor(mso)));
}

function randomDigestId(callbacks: MdocCallbacks, used: Set<number>): number {
  // A collision among a few dozen ids below 2^31 is rare; the bound only stops a broken random source.
  for (let attempt = 0; attempt < 64; attempt++) {
    const bytes = randomBytes(callbacks, 4);
    const id = (((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0) % DIGEST_ID_LIMIT;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
  throw new CredentialError('MDOC_ISSUE_FAILED', 'the randomBytes callback keeps repeating itself');
}

function randomBytes(callbacks: MdocCallbacks, length: number): Uint8Array {
  const bytes = callbacks.randomBytes(length);
  if (!(bytes instanceof Uint8Array) || bytes.length < length) {
    throw new CredentialError('MDOC_ISSUE_FAILED', `randomBytes(${length}) returned too few bytes`);
  }
  return new Uint8Array(bytes.subarray(0, length));
}
