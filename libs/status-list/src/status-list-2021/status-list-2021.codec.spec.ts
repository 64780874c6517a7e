import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { StatusBitstring } from '../bitstring-status-list/status-bitstring';
import { MIN_BITSTRING_ENTRIES } from '../bitstring-status-list/bitstring-status-list.codec';
import { decodeStatusList2021, encodeStatusList2021 } from './status-list-2021.codec';
import { statusList2021Credential } from './status-list-2021.credential';

/** The empty list of the StatusList2021 specification example (base64url, no multibase prefix). */
const SPEC_EMPTY_LIST = 'H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('StatusList2021 codec (W3C CCG)', () => {
  it('decodes the specification example, and encodes without the u prefix', () => {
    const decoded = decodeStatusList2021(SPEC_EMPTY_LIST);
    assert.equal(decoded.size, MIN_BITSTRING_ENTRIES);
    const ours = encodeStatusList2021(new StatusBitstring(MIN_BITSTRING_ENTRIES));
    assert.ok(ours.startsWith('H4sI'));
    assert.ok(ours.length <= SPEC_EMPTY_LIST.length, `${ours.length} characters, the example has ${SPEC_EMPTY_LIST.length}`);
  });

  it('is the same gzip MSB-first bitstring an independent decoder reads, and tolerates the standard base64 alphabet', async () => {
    const bits = new StatusBitstring(MIN_BITSTRING_ENTRIES);
    bits.set(42, 1);
    const encoded = encodeStatusList2021(bits);
    // The bitstring library expects the multibase form; the bytes underneath are identical.
    const theirs = await decodeList({ encodedList: `u${encoded}` });
    assert.equal(theirs.getStatus(42), true);
    assert.equal(theirs.getStatus(41), false);
    const standard = Buffer.from(encoded, 'base64url').toString('base64');
    assert.equal(decodeStatusList2021(standard).get(42), 1);
  });

  it('builds a VCDM 1.1 StatusList2021Credential', () => {
    const credential = statusList2021Credential({
      id: 'https://issuer.example/status/1',
      issuer: 'did:example:1',
      purpose: 'revocation',
      encodedList: SPEC_EMPTY_LIST,
      issuanceDate: new Date('2025-01-01T00:00:00Z'),
    });
    assert.deepEqual(credential['@context'], ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1']);
    assert.deepEqual(credential.type, ['VerifiableCredential', 'StatusList2021Credential']);
    assert.deepEqual(credential.credentialSubject, {
      id: 'https://issuer.example/status/1#list',
      type: 'StatusList2021',
      statusPurpose: 'revocation',
      encodedList: SPEC_EMPTY_LIST,
    });
  });
});
