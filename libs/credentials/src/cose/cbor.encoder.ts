import { Encoder } from 'cbor-x';

/**
 * One encoder for every COSE and mdoc structure (the mdoc, the status list CWT, and the Sig_structure verifiers
 * rebuild). cbor-x defaults suit its own round trips, not RFC 9052 / ISO 18013-5, so:
 * - `useRecords: false`: objects are CBOR maps, never cbor-x record extensions (tag 105);
 * - `mapsAsObjects: false` + `useTag259ForMaps: false`: a `Map` is a plain CBOR map, not tag 259;
 * - `variableMapSize: true`: shortest map headers (preferred serialization; verifiers that re-encode still match);
 * - `tagUint8Array: false`: a `Uint8Array` is a bstr, not tag 64.
 * The instance is private so that extensions other packages register on cbor-x (e.g. Date → tag 0) are
 * never relied upon: dates reach the encoder only as explicit `Tag`s.
 */
const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  variableMapSize: true,
  tagUint8Array: false,
  useTag259ForMaps: false,
} as ConstructorParameters<typeof Encoder>[0]);

/** A CBOR tree ready for the encoder: Maps, arrays, Tags, bstr and scalars. */
export type CborValue = unknown;

/** Encodes a CBOR tree with preferred serialization. Returns a fresh copy of the bytes. */
export function encodeCbor(value: CborValue): Uint8Array {
  return new Uint8Array(encoder.encode(value));
}
