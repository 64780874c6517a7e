import { Tag } from 'cbor-x';
import { encodeCbor, type CborValue } from './cbor.encoder';

/** COSE header labels (RFC 9052 §3.1; `typ` RFC 9596; `x5chain` RFC 9360 §2). */
export const COSE_HEADER = { alg: 1, kid: 4, typ: 16, x5chain: 33 } as const;

/** CBOR tag of a tagged COSE_Sign1 (RFC 9052 §4.2). */
export const COSE_SIGN1_TAG = 18;

/** COSE algorithm ids (RFC 9053, RFC 8230, RFC 8812) of the JOSE algorithm names kms keys sign with. */
export const COSE_ALGORITHMS = { ES256: -7, ES384: -35, ES512: -36, EdDSA: -8, PS256: -37, RS256: -257, ES256K: -47 } as const;

/** The COSE `alg` of a JOSE algorithm name, or undefined when COSE has none here. */
export function coseAlgorithmOfJws(alg: string): number | undefined {
  return Object.hasOwn(COSE_ALGORITHMS, alg) ? COSE_ALGORITHMS[alg as keyof typeof COSE_ALGORITHMS] : undefined;
}

/** Signs the Sig_structure bytes; returns the raw signature (r‖s for ECDSA, RFC 9053 §2.1). */
export type CoseSigner = (toBeSigned: Uint8Array) => Promise<Uint8Array>;

/** COSE_Sign1 = [protected bstr, unprotected map, payload bstr, signature bstr] (RFC 9052 §4.2). */
export type CoseSign1 = [
  protectedHeader: Uint8Array,
  unprotectedHeader: Map<number, CborValue>,
  payload: Uint8Array,
  signature: Uint8Array,
];

/**
 * Sig_structure = ["Signature1", protected, external_aad, payload] (RFC 9052 §4.4), the bytes a COSE_Sign1
 * signature covers. `external_aad` is empty unless given. The mdoc and status list verifiers rebuild it with this too.
 */
export function coseSign1ToBeSigned(protectedHeader: Uint8Array, payload: Uint8Array, externalAad = new Uint8Array(0)): Uint8Array {
  return encodeCbor(['Signature1', protectedHeader, externalAad, payload]);
}

/** The x5chain header value (RFC 9360 §2): one certificate as a single bstr, several as an array, leaf first. */
export function x5chainHeader(chain: readonly Uint8Array[]): Uint8Array | Uint8Array[] {
  return chain.length === 1 ? chain[0]! : [...chain];
}

/**
 * Assembles a COSE_Sign1 (RFC 9052 §4.2) over an embedded `payload`: the protected header map is encoded once and
 * the signature comes from `sign`, so the key stays in kms. Untagged (as ISO 18013-5 `issuerAuth`); wrap it with
 * {@link tagCoseSign1} where the tagged form is required (a CWT).
 */
export async function signCoseSign1(
  input: { protectedHeader: Map<number, CborValue>; unprotectedHeader?: Map<number, CborValue>; payload: Uint8Array },
  sign: CoseSigner,
): Promise<CoseSign1> {
  const protectedHeader = encodeCbor(input.protectedHeader);
  const signature = await sign(coseSign1ToBeSigned(protectedHeader, input.payload));
  return [protectedHeader, input.unprotectedHeader ?? new Map(), input.payload, new Uint8Array(signature)];
}

/** `#6.18(COSE_Sign1)`. */
export function tagCoseSign1(sign1: CoseSign1): Tag {
  return new Tag(sign1, COSE_SIGN1_TAG);
}
