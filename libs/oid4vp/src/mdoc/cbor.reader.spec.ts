import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Encoder, Tag } from 'cbor-x';
import { CborDecodeError, CborTag, decodeCbor } from './cbor.reader';

const cborX = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]);
const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const refuses = (bytes: Uint8Array, message: RegExp) =>
  assert.throws(
    () => decodeCbor(bytes),
    (e: unknown) => e instanceof CborDecodeError && message.test(e.message),
  );

describe('decodeCbor', () => {
  it('reads what cbor-x writes: integers, text, bytes, arrays, maps, simple values, floats', () => {
    const value = new Map<unknown, unknown>([
      ['small', 23],
      ['uint32', 4_000_000_000],
      ['negative', -500],
      ['text', 'Grüße'],
      ['bytes', new Uint8Array([1, 2, 3])],
      ['array', [true, false, null]],
      [-2, 1.5],
      ['double', 0.1],
    ]);
    assert.deepEqual(decodeCbor(new Uint8Array(cborX.encode(value))), value);
  });

  it('reads the RFC 8949 Appendix A vectors for big integers and half floats', () => {
    assert.equal(decodeCbor(hex('1b 001fffffffffffff')), Number.MAX_SAFE_INTEGER);
    assert.equal(decodeCbor(hex('1b ffffffffffffffff')), 18446744073709551615n);
    assert.equal(decodeCbor(hex('3b ffffffffffffffff')), -18446744073709551616n);
    assert.equal(decodeCbor(hex('f9 3c00')), 1);
    assert.equal(decodeCbor(hex('f9 7bff')), 65504);
    assert.equal(decodeCbor(hex('f9 0001')), 5.960464477539063e-8);
    assert.equal(decodeCbor(hex('f9 fc00')), -Infinity);
    assert.ok(Number.isNaN(decodeCbor(hex('f9 7e00'))));
  });

  it('keeps every tag with the exact bytes it was sent as', () => {
    const inner = new Uint8Array(cborX.encode(new Map([['digestID', 1]])));
    const tagged = new Uint8Array(cborX.encode([new Tag(inner, 24), new Tag('2024-01-01', 1004)]));
    const [item, date] = decodeCbor(tagged) as [CborTag, CborTag];
    assert.ok(item instanceof CborTag && date instanceof CborTag);
    assert.equal(item.tag, 24);
    assert.deepEqual(item.value, inner);
    assert.deepEqual(Buffer.from(item.encoded), Buffer.concat([Buffer.from([0xd8, 0x18, 0x40 | inner.length]), inner]));
    assert.equal(date.tag, 1004);
    assert.equal(date.value, '2024-01-01');
  });

  it('reads indefinite-length strings, arrays and maps', () => {
    assert.equal(decodeCbor(hex('7f 657374726561 646d696e67 ff')), 'streaming');
    assert.deepEqual(decodeCbor(hex('5f 4201 02 4103 ff')), new Uint8Array([1, 2, 3]));
    assert.deepEqual(decodeCbor(hex('9f 01 82 02 03 ff')), [1, [2, 3]]);
    assert.deepEqual(decodeCbor(hex('bf 61 61 01 ff')), new Map([['a', 1]]));
  });

  it('refuses duplicate map keys, trailing bytes, truncation and forged lengths', () => {
    refuses(hex('a2 6161 01 6161 02'), /duplicate map key/);
    refuses(hex('01 02'), /after the CBOR item/);
    refuses(hex('62 61'), /end of input/);
    refuses(hex('9a ffffffff'), /longer than the input/);
    refuses(hex('bb 00000000 ffffffff'), /longer than the input/);
    refuses(hex('5b 00000001 00000000'), /end of input/);
  });

  it('refuses what mdoc never uses: non-text/integer keys, reserved encodings, stray breaks, bad UTF-8', () => {
    refuses(hex('a1 4101 01'), /map keys/);
    refuses(hex('1c'), /reserved/);
    refuses(hex('ff'), /unexpected break/);
    refuses(hex('f8 20'), /simple value/);
    refuses(hex('62 c328'), /UTF-8/);
    refuses(hex('7f 4101 ff'), /same type/);
  });

  it('stops at a nesting depth no mdoc needs', () => {
    refuses(new Uint8Array(200).fill(0x81), /nesting deeper/);
  });
});
