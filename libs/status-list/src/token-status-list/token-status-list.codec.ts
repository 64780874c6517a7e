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

/** Largest list {@link decodeTokenStatusList} inflates by default: 2^27 one-bit entries, far beyond any published list. */
export const MAX_TOKEN_STATUS_LIST_BYTES = 16 * 1024 * 1024;

/**
 * Inflates a `status_list` claim: `lst` as base64url text (JWT form, §4.2) or as the bytes of the CWT form (§4.3).
 * Throws on a corrupt `lst`, unsupported `bits`, or a list inflating beyond `maxBytes` (default
 * {@link MAX_TOKEN_STATUS_LIST_BYTES}). Security: lists come from other parties, and a ZLIB bomb must not exhaust memory.
 */
export function decodeTokenStatusList(
  claim: { bits: number; lst: string | Uint8Array },
  options: { maxBytes?: number } = {},
): TokenStatusArray {
  const compressed = typeof claim.lst === 'string' ? Buffer.from(claim.lst, 'base64url') : claim.lst;
  const bytes = inflateSync(compressed, { maxOutputLength: options.maxBytes ?? MAX_TOKEN_STATUS_LIST_BYTES });
  return TokenStatusArray.fromBytes(new Uint8Array(bytes), claim.bits as TokenStatusBits);
}
