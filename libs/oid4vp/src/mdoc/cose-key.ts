import { createPublicKey, KeyObject } from 'node:crypto';
import { CborMap } from './cbor.reader';
import { MdocVerificationError } from './mdoc-verification.error';

// RFC 9052 §7.1 / RFC 9053 §7 COSE_Key labels and values.
const KTY = 1;
const CRV = -1;
const X = -2;
const Y = -3;
const KTY_OKP = 1;
const KTY_EC2 = 2;
const EC2_CURVES: Record<number, { crv: string; size: number }> = {
  1: { crv: 'P-256', size: 32 },
  2: { crv: 'P-384', size: 48 },
  3: { crv: 'P-521', size: 66 },
};
const OKP_CURVES: Record<number, { crv: string; size: number }> = {
  6: { crv: 'Ed25519', size: 32 },
  7: { crv: 'Ed448', size: 57 },
};

/**
 * The MSO `deviceKeyInfo.deviceKey` (ISO/IEC 18013-5 §9.1.2.4) as a public key: COSE_Key → JWK → KeyObject.
 * EC2 keys must carry both coordinates (a compressed `y` is refused); brainpool device keys are not supported
 * (no JWK form in node). An invalid point fails here, before any signature is checked.
 * @throws MdocVerificationError `invalid_mso`
 */
export function coseKeyToPublicKey(coseKey: CborMap): KeyObject {
  const kty = coseKey.get(KTY);
  const crv = coseKey.get(CRV);
  const curve = typeof crv === 'number' ? (kty === KTY_EC2 ? EC2_CURVES[crv] : kty === KTY_OKP ? OKP_CURVES[crv] : undefined) : undefined;
  if (!curve)
    throw invalid(`deviceKey must be an EC2 P-256/P-384/P-521 or OKP Ed25519/Ed448 COSE_Key (kty ${String(kty)}, crv ${String(crv)})`);
  const jwk: Record<string, string> = { kty: kty === KTY_EC2 ? 'EC' : 'OKP', crv: curve.crv, x: coordinate(coseKey, X, curve.size) };
  if (kty === KTY_EC2) jwk['y'] = coordinate(coseKey, Y, curve.size);
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw new MdocVerificationError('invalid_mso', 'deviceKey is not a valid public key', { cause });
  }
}

function coordinate(coseKey: CborMap, label: number, size: number): string {
  const value = coseKey.get(label);
  if (!(value instanceof Uint8Array) || value.length !== size) throw invalid(`deviceKey coordinate ${label} must be a ${size}-byte string`);
  return Buffer.from(value).toString('base64url');
}

function invalid(message: string): MdocVerificationError {
  return new MdocVerificationError('invalid_mso', message);
}
