// Test-only: hand decoding of an issued credential with a cbor-x Decoder of its own (maps as Map), so the
// specs can check bytes and structure without trusting the encoder under test.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Decoder, Tag } from 'cbor-x';

const decoder = new Decoder({ mapsAsObjects: false } as ConstructorParameters<typeof Decoder>[0]);
export const decodeCbor = (bytes: Uint8Array): unknown => decoder.decode(bytes);

/**
 * The bytes inside a #6.24. cbor-x yields a `Tag`, unless @auth0/mdl has been loaded in the same process: it
 * registers a global tag-24 extension on cbor-x that yields its DataItem, which keeps the original bytes too.
 */
export function unwrapTag24(value: unknown, what: string): Uint8Array {
  if (value instanceof Tag) {
    assert.equal(value.tag, 24, `${what} is #6.24`);
    return value.value as Uint8Array;
  }
  const buffer = (value as { constructor?: { name?: string }; buffer?: unknown } | null)?.buffer;
  assert.ok(
    (value as { constructor: { name: string } }).constructor.name === 'DataItem' && buffer instanceof Uint8Array,
    `${what} is #6.24`,
  );
  return buffer;
}

export interface DecodedItem {
  /** The raw IssuerSignedItem bytes inside #6.24. */
  bytes: Uint8Array;
  /** The encoded #6.24 data item, as hashed into valueDigests. */
  taggedBytes: Uint8Array;
  digestID: number;
  random: Uint8Array;
  elementIdentifier: string;
  elementValue: unknown;
}

export interface DecodedIssuerSigned {
  items: Map<string, DecodedItem[]>;
  protectedHeader: Map<number, unknown>;
  unprotectedHeader: Map<number, unknown>;
  signature: Uint8Array;
  mso: Map<string, unknown>;
  valueDigests: Map<string, Map<number, Uint8Array>>;
}

/** #6.24 header + bstr header for `length` bytes, as RFC 8949 preferred serialization writes it. */
function tag24Prefix(length: number): Buffer {
  if (length < 24) return Buffer.from([0xd8, 0x18, 0x40 | length]);
  if (length < 0x100) return Buffer.from([0xd8, 0x18, 0x58, length]);
  if (length < 0x10000) return Buffer.from([0xd8, 0x18, 0x59, length >> 8, length & 0xff]);
  const prefix = Buffer.from([0xd8, 0x18, 0x5a, 0, 0, 0, 0]);
  prefix.writeUInt32BE(length, 3);
  return prefix;
}

export function decodeIssuerSigned(b64u: string): DecodedIssuerSigned {
  assert.match(b64u, /^[A-Za-z0-9_-]+$/, 'the credential is unpadded base64url');
  const top = decodeCbor(Buffer.from(b64u, 'base64url')) as Map<string, unknown>;
  assert.ok(top instanceof Map, 'IssuerSigned is a CBOR map');
  assert.deepEqual([...top.keys()], ['nameSpaces', 'issuerAuth']);
  const issuerAuth = top.get('issuerAuth') as [Uint8Array, Map<number, unknown>, Uint8Array, Uint8Array];
  assert.equal(issuerAuth.length, 4, 'COSE_Sign1 has four members (untagged)');
  const mso = decodeCbor(unwrapTag24(decodeCbor(issuerAuth[2]), 'the payload (MobileSecurityObjectBytes)')) as Map<string, unknown>;
  const items = new Map<string, DecodedItem[]>();
  for (const [ns, list] of top.get('nameSpaces') as Map<string, unknown[]>) {
    items.set(
      ns,
      list.map((tagged) => {
        const bytes = unwrapTag24(tagged, 'IssuerSignedItemBytes');
        const item = decodeCbor(bytes) as Map<string, unknown>;
        assert.deepEqual([...item.keys()], ['digestID', 'random', 'elementIdentifier', 'elementValue']);
        return {
          bytes,
          taggedBytes: Buffer.concat([tag24Prefix(bytes.length), bytes]),
          digestID: item.get('digestID') as number,
          random: item.get('random') as Uint8Array,
          elementIdentifier: item.get('elementIdentifier') as string,
          elementValue: item.get('elementValue'),
        };
      }),
    );
  }
  return {
    items,
    protectedHeader: decodeCbor(issuerAuth[0]) as Map<number, unknown>,
    unprotectedHeader: issuerAuth[1],
    signature: issuerAuth[3],
    mso,
    valueDigests: mso.get('valueDigests') as Map<string, Map<number, Uint8Array>>,
  };
}

/** Recomputes every item digest and compares it with the MSO valueDigests entry of its digestID. */
export function assertDigestsMatch(decoded: DecodedIssuerSigned, nodeHash = 'sha256'): void {
  for (const [ns, list] of decoded.items) {
    const digests = decoded.valueDigests.get(ns);
    assert.ok(digests, `valueDigests has namespace ${ns}`);
    assert.equal(digests.size, list.length, `one digest per element in ${ns}`);
    for (const item of list) {
      const expected = createHash(nodeHash).update(item.taggedBytes).digest();
      assert.deepEqual(Buffer.from(digests.get(item.digestID)!), expected, `digest of ${ns}/${item.elementIdentifier}`);
    }
  }
}

/** The encoded bytes of `#6.<tag>(tstr text)` — to find a tagged date inside an item without decoding it. */
export function taggedTextBytes(tag: number, text: string): Buffer {
  const head = tag < 24 ? Buffer.from([0xc0 | tag]) : tag < 0x100 ? Buffer.from([0xd8, tag]) : Buffer.from([0xd9, tag >> 8, tag & 0xff]);
  const utf8 = Buffer.from(text, 'utf8');
  assert.ok(utf8.length < 24, 'short texts only');
  return Buffer.concat([head, Buffer.from([0x60 | utf8.length]), utf8]);
}
