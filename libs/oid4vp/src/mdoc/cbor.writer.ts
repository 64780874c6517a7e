import { Encoder, Tag } from 'cbor-x';

/**
 * The encoder for the structures the verifier rebuilds (Sig_structure, SessionTranscript, DeviceAuthentication).
 * Same cbor-x options as the platform's mdoc issuer (libs/credentials): plain CBOR maps and byte strings, no
 * cbor-x records (tag 105), no tag 259 maps, no tag 64 typed arrays, shortest headers — the preferred
 * serialization (RFC 8949 §4.1) a wallet uses for the same bytes.
 */
const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  variableMapSize: true,
  tagUint8Array: false,
  useTag259ForMaps: false,
} as ConstructorParameters<typeof Encoder>[0]);

export function encodeCbor(value: unknown): Uint8Array {
  return new Uint8Array(encoder.encode(value));
}

/** `#6.24(bstr .cbor …)` around already encoded bytes (RFC 8949 §3.4.5.1), encoded. */
export function encodeTag24(encoded: Uint8Array): Uint8Array {
  return encodeCbor(new Tag(encoded, 24));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
