import type { TokenSession } from '../sessions/session.types';

/** The key a credential is bound to (absent for configurations without holder binding). */
export interface Holder {
  jwk?: Record<string, unknown>;
  did?: string;
}

/** A status list entry allocated for one credential, in the form every format maps from. */
export interface CredentialStatusReference {
  type: 'TokenStatusList' | 'BitstringStatusList' | 'StatusList2021';
  uri: string;
  index: number;
  purpose: string;
  statusSize?: number;
  statusMessage?: { status: string; message: string }[];
}

/** What a format factory needs to build one credential. */
export interface IssuanceInput {
  session: TokenSession;
  holder: Holder;
  now: Date;
  status?: CredentialStatusReference;
  /** All status entries when the credential has several (W3C revocation + suspension lists); `status` is the first. */
  statusEntries?: CredentialStatusReference[];
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg'];
/** The holder key as bound into a credential: public members only. */
export function publicMembers(jwk: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => PUBLIC_MEMBERS.includes(k)));
}
