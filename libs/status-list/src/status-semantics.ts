import type { CredentialStatusValue, StatusListType, StatusPurpose, StatusReference } from '@issuer/contracts';

/**
 * Bits per entry. A Token Status List holds every status in one list: 1 bit (VALID/INVALID) for
 * revocation, 2 bits (adding SUSPENDED = 0x02) when suspension is allowed (API.md §10). W3C revocation and
 * suspension lists use 1 bit per entry; a Bitstring `message` list 2 (`statusSize` 2).
 */
export function statusBitsFor(type: StatusListType, purpose: StatusPurpose): 1 | 2 {
  if (type === 'TokenStatusList') return purpose === 'suspension' ? 2 : 1;
  return purpose === 'message' ? 2 : 1;
}

/**
 * The `statusMessage` of a Bitstring `message` entry (Bitstring Status List v1.0 §2.1: exactly 2^statusSize
 * items): the values the admin statuses map to, with the Token Status List numbering. 0x3 is never written.
 */
export const DEFAULT_STATUS_MESSAGES = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'revoked' },
  { status: '0x2', message: 'suspended' },
  { status: '0x3', message: 'unused' },
] as const;

export type StatusEncoding = { ok: true; raw: number } | { ok: false; reason: string };

/** The raw list value for an admin status, or why this list cannot express it. */
export function encodeStatusValue(type: StatusListType, purpose: StatusPurpose, value: CredentialStatusValue): StatusEncoding {
  if (value === 'VALID') return { ok: true, raw: 0 };
  if (type === 'TokenStatusList' || purpose === 'message') {
    if (value === 'REVOKED') return { ok: true, raw: 0x01 };
    return purpose !== 'revocation'
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
  if (type === 'TokenStatusList' || purpose === 'message') return raw === 0x02 ? 'SUSPENDED' : 'REVOKED';
  return purpose === 'suspension' ? 'SUSPENDED' : 'REVOKED';
}

/**
 * The `status` claim of an SD-JWT VC (draft-ietf-oauth-status-list §6.1, "Referenced Token"):
 * `{ status_list: { idx, uri } }` with an integer `idx`. Also the shape of the mdoc MSO `status` map.
 */
export function tokenStatusClaim(reference: Pick<StatusReference, 'index' | 'uri'>): { status_list: { idx: number; uri: string } } {
  return { status_list: { idx: reference.index, uri: reference.uri } };
}

/** The order of a credential's entries in credentials and views: the revocation entry first. */
export const PURPOSE_ORDER: readonly StatusPurpose[] = ['revocation', 'suspension', 'message'];

/** One status list entry of a credential, with its current raw value. */
export interface CredentialEntryState {
  type: StatusListType;
  purpose: StatusPurpose;
  raw: number;
}

/** A credential's status over all its entries: REVOKED wins over SUSPENDED, which wins over VALID. */
export function credentialStatusValue(entries: CredentialEntryState[]): CredentialStatusValue {
  const values = entries.map((entry) => decodeStatusValue(entry.type, entry.purpose, entry.raw));
  if (values.includes('REVOKED')) return 'REVOKED';
  return values.includes('SUSPENDED') ? 'SUSPENDED' : 'VALID';
}

export type CredentialStatusPlan = { ok: true; raws: number[] } | { ok: false; conflict: 'revoked' | 'inexpressible'; reason: string };

/**
 * New raw values for all entries of one credential (API.md §7). REVOKED is final. Entries whose list can
 * express the status get it; the others keep their value (a W3C suspension bit stays as it is when the
 * revocation list revokes; the revocation bit is 0 whenever the credential is not REVOKED). At least one
 * entry must be able to express it.
 */
export function planCredentialStatus(entries: CredentialEntryState[], value: CredentialStatusValue): CredentialStatusPlan {
  if (credentialStatusValue(entries) === 'REVOKED' && value !== 'REVOKED')
    return { ok: false, conflict: 'revoked', reason: `it is revoked and cannot become ${value}; revocation is final` };
  const encoded = entries.map((entry) => encodeStatusValue(entry.type, entry.purpose, value));
  if (!encoded.some((e) => e.ok)) {
    const reason = encoded.find((e): e is { ok: false; reason: string } => !e.ok)!.reason;
    return { ok: false, conflict: 'inexpressible', reason };
  }
  return { ok: true, raws: encoded.map((e, i) => (e.ok ? e.raw : entries[i].raw)) };
}
