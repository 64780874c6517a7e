/**
 * ECDSA signature encodings. kms signs in JWS form (IEEE P1363: r‖s, each the curve size); X.509 and CMS
 * carry the DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279 §2.2.3).
 */
export function ecdsaRawToDer(raw: Uint8Array): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new Error(`not an r||s ECDSA signature (${raw.length} bytes)`);
  const half = raw.length / 2;
  const body = Buffer.concat([derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** The inverse: DER ECDSA-Sig-Value to r‖s with each integer left-padded to `size` bytes. */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Buffer {
  const sequence = readTlv(der, 0, 0x30);
  if (sequence.end !== der.length) throw new Error('trailing bytes after the DER ECDSA signature');
  const r = readTlv(der, sequence.start, 0x02);
  const s = readTlv(der, r.end, 0x02);
  if (s.end !== sequence.end) throw new Error('malformed DER ECDSA signature');
  const padToWidth = (n: Uint8Array) => {
    let i = 0;
    while (i < n.length && n[i] === 0) i++;
    const stripped = n.subarray(i);
    if (stripped.length > size) throw new Error('ECDSA integer longer than the curve size');
    return Buffer.concat([Buffer.alloc(size - stripped.length), stripped]);
  };
  return Buffer.concat([padToWidth(der.subarray(r.start, r.end)), padToWidth(der.subarray(s.start, s.end))]);
}

function readTlv(der: Uint8Array, offset: number, tag: number): { start: number; end: number } {
  if (der[offset] !== tag) throw new Error('malformed DER ECDSA signature');
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | der[start + i];
    start += count;
  }
  if (start + length > der.length) throw new Error('truncated DER ECDSA signature');
  return { start, end: start + length };
}

/** A DER INTEGER for an unsigned big-endian magnitude: minimal (leading zeros dropped), 0x00 added if the high bit is set. */
function derInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let value = Buffer.from(magnitude.subarray(start));
  if (value[0] & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
  return Buffer.concat([Buffer.from([0x02]), derLength(value.length), value]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
