import { CredentialError } from '../shared/credential-error';
import { decodeBase64Url } from './mdoc-base64.util';

// RFC 9052 §7.1 / RFC 9053 §7: COSE_Key labels and values.
const KTY = 1;
const CRV = -1;
const X = -2;
const Y = -3;
const KTY_OKP = 1;
const KTY_EC2 = 2;

/** EC2 curves a device key may use, with their COSE id and coordinate length. */
const EC2_CURVES: Record<string, { crv: number; size: number }> = {
  'P-256': { crv: 1, size: 32 },
  'P-384': { crv: 2, size: 48 },
  'P-521': { crv: 3, size: 66 },
};
const OKP_CURVES: Record<string, { crv: number; size: number }> = { Ed25519: { crv: 6, size: 32 } };

/** A COSE_Key as a CBOR map with integer labels (RFC 9052 §7). */
export type CoseKeyMap = Map<number, number | Uint8Array>;

/**
 * Converts the holder's public JWK (from the OID4VCI proof header) to the COSE_Key that goes into
 * MSO `deviceKeyInfo.deviceKey` (ISO 18013-5 §9.1.2.4). Only public members are copied, so a JWK that
 * accidentally carries `d` never leaks it into the credential. secp256k1 and RSA are refused: ISO 18013-5
 * wallets cannot use them for device authentication.
 * @throws CredentialError `INVALID_JWK`
 */
export function jwkToCoseKey(jwk: Record<string, unknown>): CoseKeyMap {
  if (jwk === null || typeof jwk !== 'object') throw invalid('the device key must be a JWK object');
  const { kty, crv } = jwk;
  if (kty === 'EC' && typeof crv === 'string' && EC2_CURVES[crv]) {
    const curve = EC2_CURVES[crv];
    return new Map<number, number | Uint8Array>([
      [KTY, KTY_EC2],
      [CRV, curve.crv],
      [X, coordinate(jwk, 'x', curve.size)],
      [Y, coordinate(jwk, 'y', curve.size)],
    ]);
  }
  if (kty === 'OKP' && typeof crv === 'string' && OKP_CURVES[crv]) {
    const curve = OKP_CURVES[crv];
    return new Map<number, number | Uint8Array>([
      [KTY, KTY_OKP],
      [CRV, curve.crv],
      [X, coordinate(jwk, 'x', curve.size)],
    ]);
  }
  throw invalid(`an mdoc device key must be EC P-256/P-384/P-521 or OKP Ed25519, not ${String(kty)} ${String(crv ?? '')}`.trim());
}

function coordinate(jwk: Record<string, unknown>, member: 'x' | 'y', size: number): Uint8Array {
  const text = jwk[member];
  const bytes = typeof text === 'string' ? decodeBase64Url(text) : undefined;
  if (!bytes || bytes.length !== size) throw invalid(`device key member ${member} must be ${size} bytes of base64url`);
  return bytes;
}

function invalid(message: string): CredentialError {
  return new CredentialError('INVALID_JWK', message, { errors: [{ path: 'deviceKey', message }] });
}
