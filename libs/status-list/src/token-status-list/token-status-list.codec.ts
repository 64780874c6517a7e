import { constants, deflateSync, inflateSync } from 'node:zlib';
import { TokenStatusArray, type TokenStatusBits } from './token-status-array';

/** The `status_list` claim of a Status List Token (draft-ietf-oauth-status-list §4.2). */
export interface TokenStatusListClaim {
  bits: TokenStatusBits;
  /** base64url (no padding) of the ZLIB-wrapped DEFLATE of the byte array. */
  lst: string;
  aggregation_uri?: string;
}

/**
 * DEFLATE with the run-length strategy (matches at distance 1 only). A status list is long runs of zero bytes with
 * scattered set entries: at 1,000,000 entries this takes about 1-10 ms and gives output as small as level 9's or
 * smaller, where the default strategy at level 9 spends 100-450 ms searching for matches that are not there.
 */
export const STATUS_LIST_DEFLATE = { level: 9, strategy: constants.Z_RLE } as const;

/** The last list compressed here, with a copy of its bytes: see encodeTokenStatusList. */
let last: { bits: number; bytes: Buffer; claim: TokenStatusListClaim } | undefined;

/**
 * Compresses a list for the `lst` member (draft-ietf-oauth-status-list §4.2): DEFLATE inside a ZLIB
 * wrapper (RFC 1950), then base64url without padding. Done once per published version: the JWT and the CWT form
 * of one publish encode the same list, and the second call returns the first's result when the bytes are equal
 * (a comparison costs microseconds, DEFLATE of a million entries milliseconds).
 */
export function encodeTokenStatusList(list: TokenStatusArray): TokenStatusListClaim {
  if (last && last.bits === list.bits && last.bytes.equals(list.bytes)) return { ...last.claim };
  const claim: TokenStatusListClaim = { bits: list.bits, lst: deflateSync(list.bytes, STATUS_LIST_DEFLATE).toString('base64url') };
  last = { bits: list.bits, bytes: Buffer.from(list.bytes), claim };
  return { ...claim };
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
