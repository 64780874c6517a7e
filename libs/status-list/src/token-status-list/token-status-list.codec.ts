import { deflateSync, inflateSync } from 'node:zlib';
import { TokenStatusArray, type TokenStatusBits } from './token-status-array';

/** The `status_list` claim of a Status List Token (draft-ietf-oauth-status-list §4.2). */
export interface TokenStatusListClaim {
  bits: TokenStatusBits;
  /** base64url (no padding) of the ZLIB-wrapped DEFLATE of the byte array. */
  lst: string;
  aggregation_uri?: string;
}

/**
 * Compresses a list for the `lst` member (draft-ietf-oauth-status-list §4.2): DEFLATE inside a ZLIB
 * wrapper (RFC 1950) at the highest level, then base64url without padding. Done once per published version.
 */
export function encodeTokenStatusList(list: TokenStatusArray): TokenStatusListClaim {
  return { bits: list.bits, lst: deflateSync(list.bytes, { level: 9 }).toString('base64url') };
}

/** Inflates a `status_list` claim; throws on a corrupt `lst` or unsupported `bits`. */
export function decodeTokenStatusList(claim: { bits: number; lst: string }): TokenStatusArray {
  return TokenStatusArray.fromBytes(new Uint8Array(inflateSync(Buffer.from(claim.lst, 'base64url'))), claim.bits as TokenStatusBits);
}
