import { fromGzip, gzipBitstring } from '../bitstring-status-list/bitstring-status-list.codec';
import type { StatusBitstring } from '../bitstring-status-list/status-bitstring';

/**
 * `encodedList` of a StatusList2021 credential (W3C CCG StatusList2021 §2.3/§6.1): GZIP of the MSB-first
 * bitstring (1 bit per entry, at least 16 KiB), base64url WITHOUT the multibase `u` prefix — the spec text
 * says "base64" but its example and reference implementation use the url-safe alphabet without padding.
 */
export function encodeStatusList2021(bits: StatusBitstring): string {
  if (bits.statusSize !== 1) throw new RangeError('StatusList2021 entries are 1 bit');
  return gzipBitstring(bits).toString('base64url');
}

/**
 * Decodes a StatusList2021 `encodedList`, tolerating both base64 alphabets and padding (as verifiers should):
 * Node's base64url decoder accepts the standard alphabet and padding too.
 */
export function decodeStatusList2021(encodedList: string): StatusBitstring {
  return fromGzip(Buffer.from(encodedList, 'base64url'), 1);
}
