import type { StatusListType, StatusPurpose, StatusSigner } from '@issuer/contracts';

/** A row of status_list.lists. */
export interface StatusListRow {
  list_id: string;
  issuer_id: string;
  type: StatusListType;
  purpose: StatusPurpose;
  family: string;
  signer: StatusSigner;
  bits: number;
  size: number;
  allocated: number;
  state: 'OPEN' | 'FULL';
  uri: string;
  version: string;
  published_version: string;
  token: string | null;
  etag: string | null;
  published_at: Date | null;
  expires_at: Date | null;
}

export const LIST_COLUMNS =
  'list_id, issuer_id, type, purpose, family, signer, bits, size, allocated, state, uri, version, published_version, token, etag, published_at, expires_at';
