import {
  KeySignBatch,
  keySignRequestSchema,
  type BusReply,
  type KeySignBatchResponse,
  type KeySignRequest,
  type KeySignResponse,
} from '@issuer/contracts';
import { errorReply, invalidPayloadReply, type Logger } from '@issuer/platform';
import type { KeyService } from './key.service';

/**
 * Answers `kms.key.sign-batch.v1`: every item is validated against the single `kms.key.sign.v1` request schema and
 * signed by `KeyService.signBatch`; an invalid item, an unknown or disabled key or a failed backend call fails only
 * its own item, with the reply a request of its own would have had.
 */
export async function signBatch(keys: KeyService, items: unknown[], logger: Logger): Promise<KeySignBatchResponse> {
  const results: BusReply<KeySignResponse>[] = new Array(items.length);
  const valid: { index: number; request: KeySignRequest }[] = [];
  items.forEach((item, index) => {
    const parsed = keySignRequestSchema.safeParse(item);
    if (parsed.success) valid.push({ index, request: parsed.data });
    else results[index] = invalidPayloadReply(KeySignBatch.subject, parsed.error, `item ${index}`);
  });
  const outcomes = await keys.signBatch(valid.map((entry) => entry.request));
  outcomes.forEach((outcome, i) => {
    results[valid[i].index] =
      outcome.status === 'fulfilled' ? { ok: true, data: outcome.value } : errorReply(outcome.reason, KeySignBatch.subject, logger);
  });
  return { results };
}
