import type { W3cStatusReference, W3cVersion } from './w3c-vc.types';

/** Context that defines `BitstringStatusListEntry` for VCDM 1.1 credentials (it is built into the 2.0 context). */
export const BITSTRING_STATUS_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';
/** Context that defines `StatusList2021Entry` (W3C CCG StatusList2021). */
export const STATUS_LIST_2021_CONTEXT = 'https://w3id.org/vc/status-list/2021/v1';

/**
 * The `credentialStatus` entry of a W3C credential (Bitstring Status List v1.0 §2.1, StatusList2021 §2.1).
 * `statusListIndex` is a string of base-10 digits in both specs, unlike the integer `idx` of IETF lists.
 */
export function w3cStatusEntry(reference: W3cStatusReference): Record<string, unknown> {
  const common = {
    id: `${reference.uri}#${reference.index}`,
    statusPurpose: reference.purpose,
    statusListIndex: String(reference.index),
    statusListCredential: reference.uri,
  };
  if (reference.type === 'StatusList2021') return { ...common, type: 'StatusList2021Entry' };
  return {
    ...common,
    type: 'BitstringStatusListEntry',
    ...(reference.statusSize && reference.statusSize > 1 ? { statusSize: reference.statusSize } : {}),
    ...(reference.statusMessage ? { statusMessage: reference.statusMessage } : {}),
  };
}

/** The extra `@context` a status entry needs in a credential of the given data model version. */
export function statusContextFor(reference: W3cStatusReference, version: W3cVersion): string | undefined {
  if (reference.type === 'StatusList2021') return STATUS_LIST_2021_CONTEXT;
  return version === '1.1' ? BITSTRING_STATUS_CONTEXT : undefined;
}
