import type { CredentialStatusValue, StatusListType, StatusPurpose, StatusReference } from '@issuer/contracts';

/**
 * Bits per entry. A Token Status List holds every status in one list: 1 bit (VALID/INVALID) for
 * revocation, 2 bits (adding SUSPENDED = 0x02) when suspension is allowed (API.md §10). W3C lists hold one
 * purpose each, 1 bit per entry.
 */
export function statusBitsFor(type: StatusListType, purpose: StatusPurpose): 1 | 2 {
  return type === 'TokenStatusList' && purpose === 'suspension' ? 2 : 1;
}

export type StatusEncoding = { ok: true; raw: number } | { ok: false; reason: string };

/** The raw list value for an admin status, or why this list cannot express it. */
export function encodeStatusValue(type: StatusListType, purpose: StatusPurpose, value: CredentialStatusValue): StatusEncoding {
  if (value === 'VALID') return { ok: true, raw: 0 };
  if (type === 'TokenStatusList') {
    if (value === 'REVOKED') return { ok: true, raw: 0x01 };
    return purpose === 'suspension'
      ? { ok: true, raw: 0x02 }
      : { ok: false, reason: 'the credential was issued with a revocation-only status list; it cannot be suspended' };
  }
  // W3C: the bit means what the list's statusPurpose says (Bitstring Status List v1.0 §2.1).
  if (value === 'REVOKED' && purpose === 'revocation') return { ok: true, raw: 1 };
  if (value === 'SUSPENDED' && purpose === 'suspension') return { ok: true, raw: 1 };
  return { ok: false, reason: `the credential's ${type} entry has purpose "${purpose}"; it cannot express ${value}` };
}

/** The admin status of a raw list value. */
export function decodeStatusValue(type: StatusListType, purpose: StatusPurpose, raw: number): CredentialStatusValue {
  if (raw === 0) return 'VALID';
  if (type === 'TokenStatusList') return raw === 0x02 ? 'SUSPENDED' : 'REVOKED';
  return purpose === 'suspension' ? 'SUSPENDED' : 'REVOKED';
}

/**
 * The `status` claim of an SD-JWT VC (draft-ietf-oauth-status-list §6.1, "Referenced Token"):
 * `{ status_list: { idx, uri } }` with an integer `idx`. Also the shape of the mdoc MSO `status` map.
 */
export function tokenStatusClaim(reference: Pick<StatusReference, 'index' | 'uri'>): { status_list: { idx: number; uri: string } } {
  return { status_list: { idx: reference.index, uri: reference.uri } };
}
