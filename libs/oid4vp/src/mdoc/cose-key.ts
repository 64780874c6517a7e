import { createPublicKey, KeyObject } from 'node:crypto';
import { coseKeyToJwk } from '@issuer/credentials';
import { CborMap } from './cbor.reader';
import { MdocVerificationError } from './mdoc-verification.error';

/**
 * The MSO `deviceKeyInfo.deviceKey` (ISO/IEC 18013-5 §9.1.2.4) as a public key: COSE_Key → JWK (`@issuer/credentials`,
 * the inverse of what the issuer writes) → KeyObject. EC2 keys must carry both coordinates (a compressed `y` is
 * refused); brainpool device keys are not supported (no JWK form in node). An invalid point fails here, before any
 * signature is checked.
 * @throws MdocVerificationError `invalid_mso`
 */
export function coseKeyToPublicKey(coseKey: CborMap): KeyObject {
  let jwk: Record<string, string>;
  try {
    jwk = coseKeyToJwk(coseKey);
  } catch (cause) {
    throw new MdocVerificationError('invalid_mso', cause instanceof Error ? cause.message : 'deviceKey is not a COSE_Key', { cause });
  }
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw new MdocVerificationError('invalid_mso', 'deviceKey is not a valid public key', { cause });
  }
}
