import {
  BusError,
  KeySign,
  KeySignBatch,
  KEY_SIGN_BATCH_MAX_ITEMS,
  type BusReply,
  type KeySignRequest,
  type KeySignResponse,
} from '@issuer/contracts';
import { MicroBatcher, unwrapReply, type Bus } from '@issuer/platform';

/** A signing input longer than this (base64url characters) is sent alone, as `kms.key.sign.v1`. */
export const BATCHED_DATA_MAX = 64 * 1024;
/**
 * Most characters of signing input in one batched message: NATS refuses messages above its `max_payload` (1 MB by
 * default), so a larger batch goes out as several messages.
 */
export const MESSAGE_DATA_MAX = 512 * 1024;
/** Most signatures in one batched message. */
const MESSAGE_ITEMS_MAX = Math.min(64, KEY_SIGN_BATCH_MAX_ITEMS);

type Outcome = { reply: BusReply<KeySignResponse> } | { error: unknown };

/**
 * Signs through kms with the signatures of concurrent requests in one `kms.key.sign-batch.v1` message: under load a
 * credential no longer costs a bus round trip of its own (encode, send, kms's reply write, decode), and kms signs the
 * batch in one handler call. A lone signature waits only for the current event-loop turn (MicroBatcher). Each
 * signature keeps its own outcome: kms answers item by item, and a batch whose request failed (timeout, no kms)
 * fails only the signatures it carried, with that error.
 */
export class KmsSignBatcher {
  private readonly batcher = new MicroBatcher<KeySignRequest, Outcome>((requests) => this.send(requests), {
    maxBatch: MESSAGE_ITEMS_MAX,
  });

  constructor(private readonly bus: Bus) {}

  async sign(request: KeySignRequest): Promise<KeySignResponse> {
    if (request.data.length > BATCHED_DATA_MAX) return this.bus.request(KeySign, request);
    const outcome = await this.batcher.run(request);
    if ('error' in outcome) throw outcome.error;
    return unwrapReply(outcome.reply);
  }

  private async send(requests: KeySignRequest[]): Promise<Outcome[]> {
    const outcomes = await Promise.all(messagesOf(requests).map((items) => this.sendMessage(items)));
    return outcomes.flat();
  }

  private async sendMessage(items: KeySignRequest[]): Promise<Outcome[]> {
    try {
      const { results } = await this.bus.request(KeySignBatch, { items });
      if (results.length !== items.length)
        throw new BusError('INTERNAL', `${KeySignBatch.subject} answered ${results.length} results for ${items.length} items`);
      return results.map((reply) => ({ reply }));
    } catch (error) {
      return items.map(() => ({ error }));
    }
  }
}

/** Splits a batch so that no message carries more than MESSAGE_DATA_MAX characters of signing input. */
function messagesOf(requests: KeySignRequest[]): KeySignRequest[][] {
  const messages: KeySignRequest[][] = [];
  let current: KeySignRequest[] = [];
  let size = 0;
  for (const request of requests) {
    if (current.length && size + request.data.length > MESSAGE_DATA_MAX) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(request);
    size += request.data.length;
  }
  if (current.length) messages.push(current);
  return messages;
}

const batchers = new WeakMap<Bus, KmsSignBatcher>();

/** The batcher of a bus: every signer of the process (credentials, signed metadata, request objects) shares its batches. */
export function kmsSignerOf(bus: Bus): KmsSignBatcher {
  let batcher = batchers.get(bus);
  if (!batcher) {
    batcher = new KmsSignBatcher(bus);
    batchers.set(bus, batcher);
  }
  return batcher;
}
