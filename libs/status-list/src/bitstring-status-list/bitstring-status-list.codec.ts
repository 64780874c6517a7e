import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { StatusBitstring } from './status-bitstring';

/** Bitstring Status List v1.0 §4.1/§6.1: a list has at least 131,072 entries (16 KiB at statusSize 1), for herd privacy. */
export const MIN_BITSTRING_ENTRIES = 131_072;

export class StatusListLengthError extends RangeError {
  /** The problem type verifiers report (Bitstring Status List v1.0 §3.6). */
  readonly type = 'https://www.w3.org/ns/credentials/status-list#STATUS_LIST_LENGTH_ERROR';
}

/**
 * GZIP (RFC 1952) with the run-length strategy (see STATUS_LIST_DEFLATE: fast and small on long zero runs); Node
 * writes mtime 0, so equal lists give equal bytes (stable ETags).
 */
export function gzipBitstring(bits: StatusBitstring): Buffer {
  if (bits.size < MIN_BITSTRING_ENTRIES)
    throw new StatusListLengthError(`a W3C status list needs at least ${MIN_BITSTRING_ENTRIES} entries, got ${bits.size}`);
  return gzipSync(bits.bytes, { level: 9, strategy: constants.Z_RLE });
}

/**
 * `encodedList` of a Bitstring Status List (v1.0 §4.1 "Generate Algorithm"): multibase base64url
 * (`u` prefix, no padding) of the GZIP-compressed bitstring.
 */
export function encodeBitstringStatusList(bits: StatusBitstring): string {
  return `u${gzipBitstring(bits).toString('base64url')}`;
}

/** Expands an `encodedList` (v1.0 §4.2); refuses a missing `u` prefix and lists below the minimum length. */
export function decodeBitstringStatusList(encodedList: string, statusSize = 1): StatusBitstring {
  if (!encodedList.startsWith('u')) throw new RangeError('encodedList must be multibase base64url (prefix "u")');
  return fromGzip(Buffer.from(encodedList.slice(1), 'base64url'), statusSize);
}

export function fromGzip(compressed: Buffer, statusSize: number): StatusBitstring {
  const bits = StatusBitstring.fromBytes(new Uint8Array(gunzipSync(compressed)), statusSize);
  if (bits.size < MIN_BITSTRING_ENTRIES)
    throw new StatusListLengthError(`the list holds ${bits.size} entries, fewer than ${MIN_BITSTRING_ENTRIES}`);
  return bits;
}
