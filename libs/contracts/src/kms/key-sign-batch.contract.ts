import { z } from 'zod';
import type { BusReply } from '../bus/bus-error';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';
import type { KeySignRequest, KeySignResponse } from './key-sign.contract';

/** Most signatures one batched request may carry. */
export const KEY_SIGN_BATCH_MAX_ITEMS = 256;

/**
 * Several `kms.key.sign.v1` requests in one bus message, so that concurrent credential requests share one round
 * trip and kms signs them in one go. Each item is a `KeySignRequest`, validated by kms item by item: an invalid,
 * unknown or disabled key fails its own item only. The reply has one `BusReply` per item, in request order.
 */
export const keySignBatchRequestSchema = z
  .object({
    // Not `keySignRequestSchema` here: one invalid item would fail the whole batch. kms checks each item against it.
    items: z.array(z.custom<KeySignRequest>()).min(1).max(KEY_SIGN_BATCH_MAX_ITEMS),
  })
  .strict();
export type KeySignBatchRequest = z.infer<typeof keySignBatchRequestSchema>;
export interface KeySignBatchResponse {
  results: BusReply<KeySignResponse>[];
}

export const KeySignBatch = defineContract<KeySignBatchRequest, KeySignBatchResponse>(Subjects.KmsKeySignBatch, keySignBatchRequestSchema);
