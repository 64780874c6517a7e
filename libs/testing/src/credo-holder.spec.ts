import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GenericRecord, Kms, type KeyDidCreateOptions } from '@credo-ts/core';
import { CredoHolder } from './credo-holder';

/** The parts written here for the Credo holder (node:crypto KMS, in-memory storage), driven through Credo's own APIs. */
describe('CredoHolder agent (node:crypto KMS, in-memory storage)', () => {
  let holder: CredoHolder;
  before(async () => {
    holder = await CredoHolder.create();
  });
  after(async () => holder?.shutdown());

  it('signs JOSE signatures that node:crypto verifies (raw r||s for ECDSA) and verifies them back through Credo', async () => {
    const data = new TextEncoder().encode('header.payload');
    for (const [alg, type] of [
      ['ES256', { kty: 'EC', crv: 'P-256' }],
      ['ES384', { kty: 'EC', crv: 'P-384' }],
      ['ES256K', { kty: 'EC', crv: 'secp256k1' }],
      ['EdDSA', { kty: 'OKP', crv: 'Ed25519' }],
    ] as const) {
      const { keyId, publicJwk } = await holder.agent.kms.createKey({ type });
      const { signature } = await holder.agent.kms.sign({ keyId, algorithm: alg, data });
      const key = createPublicKey({ format: 'jwk', key: publicJwk as never });
      const digest = alg === 'EdDSA' ? undefined : alg === 'ES384' ? 'sha384' : 'sha256';
      assert.ok(verify(digest, data, { key, dsaEncoding: 'ieee-p1363' }, signature), alg);
      const checked = await holder.agent.kms.verify({ key: { publicJwk }, algorithm: alg, data, signature });
      assert.equal(checked.verified, true, alg);
      const tampered = await holder.agent.kms.verify({ key: { keyId }, algorithm: alg, data: new Uint8Array([1]), signature });
      assert.equal(tampered.verified, false, alg);
    }
  });

  it('refuses what it cannot do: an algorithm the key is not for, an unknown key, encryption', async () => {
    const { keyId } = await holder.agent.kms.createKey({ type: { kty: 'EC', crv: 'P-256' } });
    await assert.rejects(holder.agent.kms.sign({ keyId, algorithm: 'EdDSA', data: new Uint8Array([1]) }));
    await assert.rejects(holder.agent.kms.sign({ keyId: 'no-such-key', algorithm: 'ES256', data: new Uint8Array([1]) }));
    await assert.rejects(holder.agent.kms.createKey({ type: { kty: 'oct', algorithm: 'aes', length: 256 } }), Kms.KeyManagementError);
  });

  it('stores and finds records by tags ($and, $or, $not) and keeps created DIDs', async () => {
    const { keyId } = await holder.agent.kms.createKey({ type: { kty: 'OKP', crv: 'Ed25519' } });
    const created = await holder.agent.dids.create<KeyDidCreateOptions>({ method: 'key', options: { keyId } });
    assert.equal(created.didState.state, 'finished');
    const [stored] = await holder.agent.dids.getCreatedDids({ method: 'key' });
    assert.equal(stored?.did, created.didState.did);

    const records = holder.agent.genericRecords;
    await records.save({ content: { n: 1 }, tags: { color: 'red', size: 'small' } });
    await records.save({ content: { n: 2 }, tags: { color: 'blue', size: 'small' } });
    await records.save({ content: { n: 3 }, tags: { color: 'red', size: 'large' } });
    const contents = (found: GenericRecord[]) => found.map((r) => r.content['n']).sort();
    assert.deepEqual(contents(await records.findAllByQuery({ color: 'red' })), [1, 3]);
    assert.deepEqual(contents(await records.findAllByQuery({ $and: [{ color: 'red' }, { size: 'small' }] })), [1]);
    assert.deepEqual(contents(await records.findAllByQuery({ $or: [{ color: 'blue' }, { size: 'large' }] })), [2, 3]);
    assert.deepEqual(contents(await records.findAllByQuery({ $not: { color: 'red' } })), [2]);
    assert.deepEqual(contents(await records.getAll()), [1, 2, 3]);
    const [first] = await records.findAllByQuery({ size: 'large' });
    await records.delete(first!);
    assert.deepEqual(contents(await records.getAll()), [1, 2]);
  });
});
