import { CborDecodeError, CborKey, CborMap, CborTag, CborValue, decodeCbor } from './cbor.reader';
import { MdocVerificationError, MdocVerificationErrorCode } from './mdoc-verification.error';

/**
 * Typed access to decoded CBOR. Every helper names the structure it expected in its error, so a refusal says
 * e.g. "Document.issuerSigned.issuerAuth must be a COSE_Sign1 array" instead of a stack trace.
 */
export class CborShape {
  constructor(readonly code: MdocVerificationErrorCode = 'invalid_device_response') {}

  fail(message: string, cause?: unknown): never {
    throw new MdocVerificationError(this.code, message, { cause });
  }

  decode(bytes: Uint8Array, what: string): CborValue {
    try {
      return decodeCbor(bytes);
    } catch (cause) {
      return this.fail(`${what} is not valid CBOR: ${cause instanceof CborDecodeError ? cause.message : String(cause)}`, cause);
    }
  }

  map(value: CborValue, what: string): CborMap {
    return value instanceof Map ? value : this.fail(`${what} must be a CBOR map`);
  }

  array(value: CborValue, what: string): CborValue[] {
    return Array.isArray(value) ? value : this.fail(`${what} must be a CBOR array`);
  }

  text(value: CborValue, what: string): string {
    return typeof value === 'string' ? value : this.fail(`${what} must be a text string`);
  }

  bytes(value: CborValue, what: string): Uint8Array {
    return value instanceof Uint8Array ? value : this.fail(`${what} must be a byte string`);
  }

  uint(value: CborValue, what: string): number {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? value
      : this.fail(`${what} must be an unsigned integer`);
  }

  /** A required member of a map. */
  get(map: CborMap, key: CborKey, what: string): CborValue {
    return map.has(key) ? map.get(key) : this.fail(`${what} is missing`);
  }

  /** `#6.24(bstr)`: the tag (with its bytes as sent) and the CBOR item embedded in it. */
  embedded(value: CborValue, what: string): { tag: CborTag; content: CborValue } {
    if (!(value instanceof CborTag) || value.tag !== 24 || !(value.value instanceof Uint8Array)) {
      return this.fail(`${what} must be #6.24(bstr .cbor …)`);
    }
    return { tag: value, content: this.decode(value.value, what) };
  }
}
