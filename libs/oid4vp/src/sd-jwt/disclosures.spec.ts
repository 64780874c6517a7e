import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { nodeHash } from '../crypto/node-crypto.callbacks';
import { Oid4vpError } from '../errors/oid4vp-error';
import { resolveDisclosures } from './disclosures';

// Disclosures built by hand from RFC 9901 §4.2 (independent of any SD-JWT library).
const disclose = (...items: unknown[]) =>
  Buffer.from(JSON.stringify([randomBytes(16).toString('base64url'), ...items])).toString('base64url');
const digest = (disclosure: string, alg = 'sha256') => createHash(alg).update(disclosure, 'ascii').digest('base64url');

async function refusal(payload: Record<string, unknown>, disclosures: string[]) {
  try {
    await resolveDisclosures(payload, disclosures, nodeHash);
  } catch (error) {
    assert.ok(error instanceof Oid4vpError);
    return `${error.error}/${error.reason}`;
  }
  return 'resolved';
}

describe('resolveDisclosures (RFC 9901 §7.1)', () => {
  it('resolves object, array and recursive disclosures and drops decoys and undisclosed digests', async () => {
    const locality = disclose('locality', 'Berlin');
    const street = disclose('street_address', 'Heidestrasse 17');
    const address = disclose('address', { _sd: [digest(locality), digest(street)] });
    const de = disclose('DE');
    const fr = disclose('FR');
    const payload = {
      vct: 'urn:eudi:pid:1',
      _sd_alg: 'sha-256',
      _sd: [digest(address), digest(disclose('decoy', 1))],
      nationalities: [{ '...': digest(de) }, { '...': digest(fr) }, 'clear'],
    };
    const claims = await resolveDisclosures(payload, [address, locality, de], nodeHash);
    assert.deepEqual(claims, { vct: 'urn:eudi:pid:1', address: { locality: 'Berlin' }, nationalities: ['DE', 'clear'] });
  });

  it('hashes with the _sd_alg of the credential (sha-384) and refuses unknown algorithms', async () => {
    const name = disclose('given_name', 'Erika');
    assert.deepEqual(await resolveDisclosures({ _sd_alg: 'sha-384', _sd: [digest(name, 'sha384')] }, [name], nodeHash), {
      given_name: 'Erika',
    });
    assert.equal(await refusal({ _sd_alg: 'md5', _sd: [] }, []), 'invalid_request/unsupported');
  });

  it('refuses a disclosure whose digest is not in the payload (tampered or foreign)', async () => {
    const name = disclose('given_name', 'Erika');
    const tampered = Buffer.from(JSON.stringify([...JSON.parse(Buffer.from(name, 'base64url').toString()).slice(0, 2), 'Eve'])).toString(
      'base64url',
    );
    assert.equal(await refusal({ _sd: [digest(name)] }, [tampered]), 'invalid_request/invalid_disclosure');
    assert.equal(await refusal({ _sd: [digest(name)] }, [name, disclose('age', 42)]), 'invalid_request/invalid_disclosure');
  });

  it('refuses repeated digests and disclosures, names that overwrite signed claims, and misplaced kinds', async () => {
    const name = disclose('given_name', 'Erika');
    const element = disclose('DE');
    assert.equal(await refusal({ _sd: [digest(name), digest(name)] }, [name]), 'invalid_request/invalid_disclosure');
    assert.equal(await refusal({ _sd: [digest(name)] }, [name, name]), 'invalid_request/invalid_disclosure');
    assert.equal(await refusal({ given_name: 'Signed', _sd: [digest(name)] }, [name]), 'invalid_request/invalid_disclosure');
    assert.equal(await refusal({ _sd: [digest(element)] }, [element]), 'invalid_request/invalid_disclosure');
    assert.equal(await refusal({ list: [{ '...': digest(name) }] }, [name]), 'invalid_request/invalid_disclosure');
    assert.equal(await refusal({ _sd: 'not-an-array' }, []), 'invalid_request/invalid_disclosure');
    assert.equal(await refusal({ list: [{ '...': 'x', extra: 1 }] }, []), 'invalid_request/invalid_disclosure');
  });

  it('refuses malformed disclosures and reserved claim names', async () => {
    const reserved = disclose('_sd', ['x']);
    assert.equal(await refusal({ _sd: [digest(reserved)] }, [reserved]), 'invalid_request/invalid_disclosure');
    const notArray = Buffer.from('{"a":1}').toString('base64url');
    assert.equal(await refusal({ _sd: [digest(notArray)] }, [notArray]), 'invalid_request/invalid_disclosure');
  });

  it('keeps a disclosed __proto__ claim as plain data', async () => {
    const proto = disclose('__proto__', { polluted: true });
    const claims = await resolveDisclosures({ _sd: [digest(proto)] }, [proto], nodeHash);
    assert.equal(Object.getPrototypeOf(claims), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(claims, '__proto__')?.value, { polluted: true });
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
