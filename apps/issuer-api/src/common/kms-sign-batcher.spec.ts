import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { BusError, KeySign, KeySignBatch, type KeySignRequest } from '@issuer/contracts';
import { InProcessBus } from '@issuer/platform';
import { expectBusError } from '@issuer/testing';
import { BATCHED_DATA_MAX, KmsSignBatcher, kmsSignerOf, MESSAGE_DATA_MAX } from './kms-sign-batcher';

const KEY = '11111111-1111-4111-8111-111111111111';
const FAILING_KEY = '22222222-2222-4222-8222-222222222222';

/** An in-process bus whose kms stand-in "signs" by echoing the data reversed, and records every message it got. */
function kmsStandIn(options: { failBatches?: BusError } = {}) {
  const bus = new InProcessBus(pino({ level: 'silent' }));
  const batches: KeySignRequest[][] = [];
  const singles: KeySignRequest[] = [];
  const signatureOf = (request: KeySignRequest) => [...request.data].reverse().join('');
  bus.serve(
    KeySignBatch,
    async ({ items }) => {
      batches.push(items);
      if (options.failBatches) throw options.failBatches;
      return {
        results: items.map((item) =>
          item.keyId === FAILING_KEY
            ? { ok: false as const, error: { code: 'CONFLICT' as const, message: `key ${item.keyId} is disabled` } }
            : { ok: true as const, data: { signature: signatureOf(item), alg: 'ES256' } },
        ),
      };
    },
    'kms',
  );
  bus.serve(
    KeySign,
    async (request) => {
      singles.push(request);
      return { signature: signatureOf(request), alg: 'ES256' };
    },
    'kms',
  );
  return { bus, batches, singles, signatureOf };
}

describe('KmsSignBatcher', () => {
  it('sends the signatures of concurrent requests in one kms.key.sign-batch.v1 message and hands each its own', async () => {
    const kms = kmsStandIn();
    const signer = new KmsSignBatcher(kms.bus);
    const requests = Array.from({ length: 12 }, (_, i) => ({ keyId: KEY, data: Buffer.from(`input ${i}`).toString('base64url') }));
    const replies = await Promise.all(requests.map((request) => signer.sign(request)));
    assert.equal(kms.batches.length, 1, 'one bus message');
    assert.deepEqual(kms.batches[0], requests);
    assert.equal(kms.singles.length, 0);
    assert.deepEqual(
      replies.map((reply) => reply.signature),
      requests.map(kms.signatureOf),
    );
  });

  it('fails a signature kms refused alone, with the code kms gave it', async () => {
    const kms = kmsStandIn();
    const signer = new KmsSignBatcher(kms.bus);
    const outcomes = await Promise.allSettled([
      signer.sign({ keyId: KEY, data: 'YQ' }),
      signer.sign({ keyId: FAILING_KEY, data: 'Yg' }),
      signer.sign({ keyId: KEY, data: 'Yw' }),
    ]);
    assert.equal(kms.batches.length, 1);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    await expectBusError(Promise.reject((outcomes[1] as PromiseRejectedResult).reason), 'CONFLICT');
  });

  it('fails the signatures of a batch whose request failed with that error', async () => {
    const kms = kmsStandIn({ failBatches: new BusError('UNAVAILABLE', 'kms is away') });
    const signer = new KmsSignBatcher(kms.bus);
    const outcomes = await Promise.allSettled([signer.sign({ keyId: KEY, data: 'YQ' }), signer.sign({ keyId: KEY, data: 'Yg' })]);
    for (const outcome of outcomes) {
      assert.equal(outcome.status, 'rejected');
      await expectBusError(Promise.reject(outcome.reason), 'UNAVAILABLE');
    }
  });

  it('sends a large signing input alone and splits a batch that would exceed one message', async () => {
    const kms = kmsStandIn();
    const signer = new KmsSignBatcher(kms.bus);
    const large = { keyId: KEY, data: 'L'.repeat(BATCHED_DATA_MAX + 1) };
    // Ten inputs of the largest batched size: eight fill one message (MESSAGE_DATA_MAX), two go in a second.
    assert.equal(MESSAGE_DATA_MAX, 8 * BATCHED_DATA_MAX);
    const full = Array.from({ length: 10 }, (_, i) => ({ keyId: KEY, data: String(i).repeat(BATCHED_DATA_MAX) }));
    const replies = await Promise.all([signer.sign(large), ...full.map((request) => signer.sign(request))]);
    assert.deepEqual(
      kms.singles.map((request) => request.data.length),
      [BATCHED_DATA_MAX + 1],
    );
    assert.deepEqual(
      kms.batches.map((batch) => batch.length),
      [8, 2],
    );
    const expected = [large, ...full].map(kms.signatureOf);
    assert.ok(replies.every((reply, i) => reply.signature === expected[i]));
  });

  it('is shared by every signer of one bus', () => {
    const { bus } = kmsStandIn();
    assert.equal(kmsSignerOf(bus), kmsSignerOf(bus));
    assert.notEqual(kmsSignerOf(bus), kmsSignerOf(kmsStandIn().bus));
  });
});
