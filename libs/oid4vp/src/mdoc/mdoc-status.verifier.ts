import { decodeTokenStatusList, TOKEN_STATUS_BITS, type TokenStatusArray } from '@issuer/status-list';
import { MdocVerificationError } from './mdoc-verification.error';
import { MsoStatus } from './mobile-security-object.parser';
import { readStatusListToken, StatusListTrust } from './status-list-token.reader';

const STATUS_NAMES: Record<number, string> = { 1: 'INVALID (revoked)', 2: 'SUSPENDED' };

/**
 * Checks the credential's Token Status List entry (draft-ietf-oauth-status-list §8.3, referenced from the MSO as
 * `status.status_list {idx, uri}`): fetches the list with the caller's callback, verifies the token
 * ({@link readStatusListToken}), requires `sub` = `uri` and an unexpired `exp`, and refuses any non-zero status.
 * Without a callback nothing is checked (the caller chose so). An MSO whose only status mechanism is not a
 * status list (e.g. an ISO 18013-5 identifier list) is refused when a callback is given: it cannot be checked.
 * @throws MdocVerificationError `credential_revoked`, `status_check_failed`
 */
export async function checkMdocStatus(
  status: MsoStatus,
  docType: string,
  trust: StatusListTrust,
  fetchStatusList: ((uri: string) => Promise<string>) | undefined,
): Promise<void> {
  if (!fetchStatusList) return;
  if (status.kind !== 'status_list') {
    throw failed(`${docType}: the MSO status uses ${status.mechanisms.join(', ')}, which this verifier cannot check`);
  }
  let token: string;
  try {
    token = await fetchStatusList(status.uri);
  } catch (cause) {
    throw new MdocVerificationError('status_check_failed', `${docType}: the status list ${status.uri} could not be fetched`, { cause });
  }
  const list = await readStatusListToken(token, trust);
  if (list.subject !== status.uri) throw failed(`${docType}: the status list at ${status.uri} names itself ${list.subject}`);
  if (list.expiresAt && list.expiresAt < trust.now) throw failed(`${docType}: the status list expired at ${list.expiresAt.toISOString()}`);
  const value = statusAt(list.compressed, list.bits, status.idx, docType);
  if (value !== 0) {
    throw new MdocVerificationError(
      'credential_revoked',
      `${docType}: status ${STATUS_NAMES[value] ?? `0x${value.toString(16)}`} at index ${status.idx}`,
    );
  }
}

/** The entry at `idx` (§4.1), read by `@issuer/status-list`'s decoder, which also bounds the inflated size (ZLIB bombs). */
function statusAt(compressed: Uint8Array, bits: number, idx: number, docType: string): number {
  if (!TOKEN_STATUS_BITS.includes(bits as never)) throw failed(`${docType}: status_list.bits must be 1, 2, 4 or 8, not ${bits}`);
  let list: TokenStatusArray;
  try {
    list = decodeTokenStatusList({ bits, lst: compressed });
  } catch (cause) {
    throw new MdocVerificationError(
      'status_check_failed',
      `${docType}: the status list cannot be inflated (corrupt ZLIB data, or too large)`,
      { cause },
    );
  }
  if (idx >= list.size) throw failed(`${docType}: index ${idx} is outside the status list (${list.size} entries)`);
  return list.get(idx);
}

function failed(message: string): MdocVerificationError {
  return new MdocVerificationError('status_check_failed', message);
}
