import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';

export const statusListGetRequestSchema = z
  .object({
    listId: z.string().uuid(),
    /** `cwt` asks for a Token Status List's CWT form (`application/statuslist+cwt`); other lists have only their JWT. */
    format: z.enum(['jwt', 'cwt']).optional(),
  })
  .strict();
export type StatusListGetRequest = z.infer<typeof statusListGetRequestSchema>;
export interface StatusListGetResponse {
  /** The signed list: a compact JWS, or for `application/statuslist+cwt` the base64url of the COSE_Sign1 bytes. */
  token: string;
  /** `application/statuslist+jwt` or `+cwt`, `application/vc+jwt` (VCDM 2.0) or `application/jwt` (VCDM 1.1). */
  mediaType: string;
  /** Strong ETag of the token (quoted). */
  etag: string;
  /** Seconds a client may cache it, from the list's `ttl`. */
  maxAgeSeconds: number;
}

/** The current signed status list, for `GET /status-lists/{listId}` (API.md §7). NOT_FOUND for an unknown list. */
export const StatusListGet = defineContract<StatusListGetRequest, StatusListGetResponse>(
  Subjects.StatusListGet,
  statusListGetRequestSchema,
);
