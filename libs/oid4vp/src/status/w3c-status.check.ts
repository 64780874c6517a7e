import { decodeBitstringStatusList, decodeStatusList2021 } from '@issuer/status-list';
import { isPlainObject } from '@issuer/oauth2';
import type { Jwk } from '../callbacks';
import { accessDenied, Oid4vpError } from '../errors/oid4vp-error';
import { toSeconds } from '../jose/jwt-claims';
import type { PresentationContext } from '../vp-token/presentation-context';
import { checkStatusListFreshness, fetchTrustedStatusList, malformedStatus } from './status-list-fetch';

const ENTRY_TYPES = ['BitstringStatusListEntry', 'StatusList2021Entry'];

/** The status list credential inside a fetched JWT: VCDM 2.0 `vc+jwt` (payload) or VCDM 1.1 (`vc` claim). */
function listCredentialOf(payload: Record<string, unknown>): Record<string, unknown> | undefined {
  const credential = isPlainObject(payload['vc']) ? payload['vc'] : payload;
  const subject = credential['credentialSubject'];
  return isPlainObject(subject) ? subject : undefined;
}

async function checkEntry(
  entry: Record<string, unknown>,
  credentialKey: Jwk,
  issuer: unknown,
  context: PresentationContext,
): Promise<void> {
  const index = Number(entry['statusListIndex']);
  const uri = entry['statusListCredential'];
  const purpose = entry['statusPurpose'];
  if (typeof entry['statusListIndex'] !== 'string' || !Number.isSafeInteger(index) || index < 0 || typeof uri !== 'string') {
    throw malformedStatus('credentialStatus needs statusListIndex (a base-10 string) and statusListCredential');
  }
  // Only revocation and suspension decide validity; refresh and message entries say nothing about it.
  if (purpose !== 'revocation' && purpose !== 'suspension') return;
  const token = await fetchTrustedStatusList(uri, credentialKey, issuer, context);
  checkStatusListFreshness(token.payload, toSeconds(context.now));
  const subject = listCredentialOf(token.payload);
  if (!subject || typeof subject['encodedList'] !== 'string' || subject['statusPurpose'] !== purpose) {
    throw new Oid4vpError('temporarily_unavailable', 'status_unavailable', 'status list credential has no encodedList for this purpose');
  }
  let value: number;
  try {
    const statusSize = typeof entry['statusSize'] === 'number' ? entry['statusSize'] : 1;
    const bits =
      entry['type'] === 'StatusList2021Entry'
        ? decodeStatusList2021(subject['encodedList'])
        : decodeBitstringStatusList(subject['encodedList'], statusSize);
    value = bits.get(index);
  } catch (cause) {
    throw new Oid4vpError('access_denied', 'credential_status_invalid', 'credential status index is not in its status list', { cause });
  }
  if (value === 0) return;
  throw purpose === 'revocation'
    ? accessDenied('credential_revoked', 'credential has been revoked')
    : accessDenied('credential_suspended', 'credential is suspended');
}

/**
 * Checks `credentialStatus` of a W3C credential (Bitstring Status List v1.0 §3.2; StatusList2021 §2.1-2.3): every
 * `BitstringStatusListEntry` / `StatusList2021Entry` with purpose `revocation` or `suspension` is looked up in its
 * status list credential (fetched, signed with the same trust as the credential, MSB-first bitstring); a set bit
 * refuses the credential (`access_denied`, `credential_revoked` / `credential_suspended`). Other entry types are ignored.
 */
export async function checkW3cStatus(
  credentialStatus: unknown,
  credentialKey: Jwk,
  issuer: unknown,
  context: PresentationContext,
): Promise<void> {
  if (credentialStatus === undefined) return;
  const entries = Array.isArray(credentialStatus) ? credentialStatus : [credentialStatus];
  for (const entry of entries) {
    if (!isPlainObject(entry)) throw malformedStatus('credentialStatus entry is not an object');
    if (ENTRY_TYPES.includes(entry['type'] as string)) await checkEntry(entry, credentialKey, issuer, context);
  }
}
