import { z } from 'zod';

/** The three status mechanisms (formats-and-status §6): IETF Token Status List, W3C Bitstring Status List, StatusList2021. */
export const STATUS_LIST_TYPES = ['TokenStatusList', 'BitstringStatusList', 'StatusList2021'] as const;
export type StatusListType = (typeof STATUS_LIST_TYPES)[number];
export const statusListTypeSchema = z.enum(STATUS_LIST_TYPES);

/**
 * The purpose of one list (API.md §5 `credentialStatus.purpose`): a revocation-only list, one that can also
 * suspend (Token Status List) or only suspends (W3C), or a W3C Bitstring `message` list with 2-bit entries
 * (0x0 VALID, 0x1 REVOKED, 0x2 SUSPENDED, Bitstring Status List v1.0 §2.1 `statusSize`/`statusMessage`).
 */
export const STATUS_PURPOSES = ['revocation', 'suspension', 'message'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];
export const statusPurposeSchema = z.enum(STATUS_PURPOSES);

/** A credential's status as the admin API names it (API.md §7). REVOKED is final. */
export const CREDENTIAL_STATUS_VALUES = ['VALID', 'REVOKED', 'SUSPENDED'] as const;
export type CredentialStatusValue = (typeof CREDENTIAL_STATUS_VALUES)[number];
export const credentialStatusValueSchema = z.enum(CREDENTIAL_STATUS_VALUES);

/**
 * Where one credential's status lives, independent of the credential format. Formats embed it as
 * `status.status_list {idx, uri}` (SD-JWT VC, mdoc MSO) or a `credentialStatus` entry (W3C; `index` becomes
 * the base-10 string `statusListIndex`).
 */
export interface StatusReference {
  type: StatusListType;
  listId: string;
  /** Public URL of the list (`PUBLIC_URL/status-lists/{listId}`). */
  uri: string;
  index: number;
  purpose: StatusPurpose;
  /** Bits per entry of a W3C list when greater than 1. */
  statusSize?: number;
}

/** A credential's status in session views and status responses (API.md §7 `credentials[].status`). */
export interface CredentialStatusView {
  type: StatusListType;
  uri: string;
  index: number;
  value: CredentialStatusValue;
  /** Every entry, when the credential has more than one (a W3C credential with revocation and suspension lists). */
  entries?: { purpose: StatusPurpose; uri: string; index: number }[];
}

/** Who signs a list: a kms key, the `iss` it names, and the header members verifiers use to find the key. */
export const statusSignerSchema = z
  .object({
    keyId: z.string().uuid(),
    alg: z.string().min(1).max(16),
    /** Token Status List: the credential issuer URL; W3C lists: the issuer DID. */
    iss: z.string().min(1).max(2048),
    kid: z.string().min(1).max(2048).optional(),
    /** Standard base64 DER certificates, leaf first (Token Status List `x5c`). */
    x5c: z.array(z.string().max(20_000)).max(10).optional(),
  })
  .strict();
export type StatusSigner = z.infer<typeof statusSignerSchema>;
