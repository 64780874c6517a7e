import { isPlainObject } from '@issuer/oauth2';
import { decodeTokenStatusList, TOKEN_STATUS_BITS, TokenStatus } from '@issuer/status-list';
import type { Jwk } from '../callbacks';
import { accessDenied, Oid4vpError } from '../errors/oid4vp-error';
import { toSeconds } from '../jose/jwt-claims';
import type { PresentationContext } from '../vp-token/presentation-context';
import { checkStatusListFreshness, fetchTrustedStatusList, malformedStatus } from './status-list-fetch';

/** The JOSE `typ` of a Status List Token (draft-ietf-oauth-status-list §5.1). */
export const STATUS_LIST_TOKEN_TYP = 'statuslist+jwt';

/**
 * Checks the `status.status_list` reference of an SD-JWT VC (draft-ietf-oauth-status-list §6.2, §8.3; SD-JWT VC
 * §3.2.2.2): fetches the Status List Token, checks `typ`, signature (same trust as the credential), `sub` = the
 * referenced `uri`, `exp`, inflates the list and reads entry `idx` (LSB-first, `bits` wide). Any value but VALID
 * (0x00) refuses the credential: INVALID is `credential_revoked`, SUSPENDED `credential_suspended`, others
 * `credential_status_invalid`, all `access_denied`. A credential without `status` passes; other status mechanisms
 * inside `status` are ignored (unknown to this verifier).
 */
export async function checkTokenStatusList(
  status: unknown,
  credentialKey: Jwk,
  issuer: unknown,
  context: PresentationContext,
): Promise<void> {
  if (status === undefined) return;
  if (!isPlainObject(status)) throw malformedStatus('credential status is not an object');
  const reference = status['status_list'];
  if (reference === undefined) return;
  if (!isPlainObject(reference)) throw malformedStatus('credential status_list is not an object');
  const { idx, uri } = reference;
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0 || typeof uri !== 'string' || uri === '') {
    throw malformedStatus('credential status_list needs a non-negative integer idx and a uri');
  }
  const token = await fetchTrustedStatusList(uri, credentialKey, issuer, context);
  const payload = token.payload;
  if (token.header['typ'] !== STATUS_LIST_TOKEN_TYP)
    throw new Oid4vpError('temporarily_unavailable', 'status_unavailable', 'status list token typ must be statuslist+jwt');
  if (payload['sub'] !== uri)
    throw new Oid4vpError(
      'temporarily_unavailable',
      'status_unavailable',
      'status list token sub does not match the credential status uri',
    );
  checkStatusListFreshness(payload, toSeconds(context.now));
  const claim = payload['status_list'];
  if (!isPlainObject(claim) || !TOKEN_STATUS_BITS.includes(claim['bits'] as never) || typeof claim['lst'] !== 'string') {
    throw new Oid4vpError('temporarily_unavailable', 'status_unavailable', 'status list token has no valid status_list claim');
  }
  let value: number;
  try {
    const list = decodeTokenStatusList({ bits: claim['bits'] as number, lst: claim['lst'] });
    value = list.get(idx);
  } catch (cause) {
    // draft §8.3: an index outside the list, or a list that does not inflate (or inflates beyond 16 MiB), means the status
    // cannot be known.
    throw new Oid4vpError('access_denied', 'credential_status_invalid', 'credential status index is not in its status list', { cause });
  }
  if (value === TokenStatus.VALID) return;
  if (value === TokenStatus.INVALID) throw accessDenied('credential_revoked', 'credential has been revoked');
  if (value === TokenStatus.SUSPENDED) throw accessDenied('credential_suspended', 'credential is suspended');
  throw accessDenied('credential_status_invalid', `credential status is ${value}, not VALID`);
}
