import { KeyObject, verify } from 'node:crypto';
import { coseSign1ToBeSigned } from '@issuer/credentials';
import { CborMap, CborTag, CborValue } from './cbor.reader';
import { CborShape } from './cbor-shape';
import { MdocVerificationError, MdocVerificationErrorCode } from './mdoc-verification.error';

// RFC 9052 §3.1 header labels; x5chain is RFC 9360 §2.
export const HEADER_ALG = 1;
const HEADER_CRIT = 2;
export const HEADER_TYP = 16;
export const HEADER_X5CHAIN = 33;
const COSE_SIGN1_TAG = 18;

/**
 * The signature algorithms ISO/IEC 18013-5 §9.1.5.2 (Table 22) allows, by COSE id (RFC 9053, and the fully
 * specified ids of RFC 9864), with the curves each may be used with: the hash is bound to the curve size, so an
 * ES256 header over a P-384 key is refused rather than verified with a weaker pairing.
 */
const ALGORITHMS: Record<number, { name: string; hash: string | null; curves: readonly string[] }> = {
  [-7]: { name: 'ES256', hash: 'sha256', curves: ['prime256v1', 'brainpoolP256r1'] },
  [-9]: { name: 'ESP256', hash: 'sha256', curves: ['prime256v1'] },
  [-35]: { name: 'ES384', hash: 'sha384', curves: ['secp384r1', 'brainpoolP320r1', 'brainpoolP384r1'] },
  [-51]: { name: 'ESP384', hash: 'sha384', curves: ['secp384r1'] },
  [-36]: { name: 'ES512', hash: 'sha512', curves: ['secp521r1', 'brainpoolP512r1'] },
  [-52]: { name: 'ESP512', hash: 'sha512', curves: ['secp521r1'] },
  [-8]: { name: 'EdDSA', hash: null, curves: ['ed25519', 'ed448'] },
  [-19]: { name: 'Ed25519', hash: null, curves: ['ed25519'] },
};

/** A parsed COSE_Sign1 (RFC 9052 §4.2), protected header kept as the bytes that were signed. */
export interface CoseSign1 {
  protectedBytes: Uint8Array;
  protectedHeader: CborMap;
  unprotectedHeader: CborMap;
  payload: Uint8Array | null;
  signature: Uint8Array;
  alg: number;
}

/** Reads a COSE_Sign1, tagged (18) or not; `alg` must be protected and `crit` is refused (no extension is understood). */
export function parseCoseSign1(value: CborValue, what: string, code: MdocVerificationErrorCode = 'invalid_device_response'): CoseSign1 {
  const shape = new CborShape(code);
  const untagged = value instanceof CborTag && value.tag === COSE_SIGN1_TAG ? value.value : value;
  const parts = shape.array(untagged, `${what} (COSE_Sign1)`);
  if (parts.length !== 4) shape.fail(`${what} must be a COSE_Sign1 of four members`);
  const protectedBytes = shape.bytes(parts[0], `${what} protected header`);
  const protectedHeader =
    protectedBytes.length === 0
      ? new Map()
      : shape.map(shape.decode(protectedBytes, `${what} protected header`), `${what} protected header`);
  const unprotectedHeader = shape.map(parts[1], `${what} unprotected header`);
  const payload = parts[2] === null ? null : shape.bytes(parts[2], `${what} payload`);
  const signature = shape.bytes(parts[3], `${what} signature`);
  if (protectedHeader.has(HEADER_CRIT)) shape.fail(`${what} has critical header parameters this verifier does not understand`);
  const alg = protectedHeader.get(HEADER_ALG);
  if (typeof alg !== 'number' || !ALGORITHMS[alg]) {
    return shape.fail(`${what} protected header must name a supported alg (ES256/384/512, EdDSA), not ${String(alg)}`);
  }
  return { protectedBytes, protectedHeader, unprotectedHeader, payload, signature, alg };
}

/**
 * Verifies the signature over Sig_structure = ["Signature1", protected, h'', payload] (RFC 9052 §4.4) with `key`;
 * `payload` is the embedded one or, for a detached payload (DeviceSignature), the bytes the caller rebuilt.
 * ECDSA signatures are raw r‖s (RFC 9053 §2.1).
 * @throws MdocVerificationError with `code` when the key does not fit the algorithm or the signature is wrong
 */
export function verifyCoseSign1(
  sign1: CoseSign1,
  key: KeyObject,
  payload: Uint8Array,
  code: MdocVerificationErrorCode,
  what: string,
): void {
  const algorithm = ALGORITHMS[sign1.alg]!;
  const curve = curveOf(key);
  if (!algorithm.curves.includes(curve)) {
    throw new MdocVerificationError(code, `${what}: ${algorithm.name} cannot be used with a ${curve} key`);
  }
  const toBeSigned = coseSign1ToBeSigned(sign1.protectedBytes, payload);
  let valid: boolean;
  try {
    valid = verify(algorithm.hash, toBeSigned, algorithm.hash ? { key, dsaEncoding: 'ieee-p1363' } : key, sign1.signature);
  } catch (cause) {
    throw new MdocVerificationError(code, `${what}: the signature could not be checked`, { cause });
  }
  if (!valid) throw new MdocVerificationError(code, `${what}: the signature does not verify`);
}

/** OpenSSL curve name of an EC key, or the key type of an EdDSA key. */
function curveOf(key: KeyObject): string {
  if (key.asymmetricKeyType === 'ec') return key.asymmetricKeyDetails?.namedCurve ?? 'unknown curve';
  return key.asymmetricKeyType ?? 'unknown';
}
