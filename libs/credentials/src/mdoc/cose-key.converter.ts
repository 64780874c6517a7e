import { base64UrlDecode } from '@issuer/oauth2';
import { CredentialError } from '../shared/credential-error';

// RFC 9052 §7.1 / RFC 9053 §7: COSE_Key labels and values.
const KTY = 1;
const CRV = -1;
const X = -2;
const Y = -3;
const KTY_OKP = 1;
const KTY_EC2 = 2;

/**
 * The curves of ISO 18013-5 device keys (§9.1.5.2) with their COSE ids and coordinate lengths. `issued: false`:
 * read in presentations, but this issuer does not bind credentials to such keys.
 */
const CURVES: { kty: 'EC' | 'OKP'; crv: string; cose: number; size: number; issued: boolean }[] = [
  { kty: 'EC', crv: 'P-256', cose: 1, size: 32, issued: true },
  { kty: 'EC', crv: 'P-384', cose: 2, size: 48, issued: true },
  { kty: 'EC', crv: 'P-521', cose: 3, size: 66, issued: true },
  { kty: 'OKP', crv: 'Ed25519', cose: 6, size: 32, issued: true },
  { kty: 'OKP', crv: 'Ed448', cose: 7, size: 57, issued: false },
];

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
  const curve = CURVES.find((c) => c.issued && c.kty === kty && c.crv === crv);
  if (!curve) {
    throw invalid(`an mdoc device key must be EC P-256/P-384/P-521 or OKP Ed25519, not ${String(kty)} ${String(crv ?? '')}`.trim());
  }
  const key: CoseKeyMap = new Map<number, number | Uint8Array>([
    [KTY, curve.kty === 'EC' ? KTY_EC2 : KTY_OKP],
    [CRV, curve.cose],
    [X, jwkCoordinate(jwk, 'x', curve.size)],
  ]);
  if (curve.kty === 'EC') key.set(Y, jwkCoordinate(jwk, 'y', curve.size));
  return key;
}

/**
 * The public JWK of a device key COSE_Key (MSO `deviceKeyInfo.deviceKey`, ISO 18013-5 §9.1.2.4; RFC 9053 §7):
 * EC2 P-256/P-384/P-521 with both coordinates (a compressed `y` is refused) or OKP Ed25519/Ed448, each coordinate
 * of its curve's length. Other members are ignored. Whether the point lies on the curve is left to the key import.
 * @throws CredentialError `INVALID_JWK`
 */
export function coseKeyToJwk(coseKey: ReadonlyMap<unknown, unknown>): Record<string, string> {
  const kty = coseKey.get(KTY);
  const crv = coseKey.get(CRV);
  const curve = CURVES.find((c) => (c.kty === 'EC' ? KTY_EC2 : KTY_OKP) === kty && c.cose === crv);
  if (!curve) {
    throw invalid(`the device key must be an EC2 P-256/P-384/P-521 or OKP Ed25519/Ed448 COSE_Key (kty ${String(kty)}, crv ${String(crv)})`);
  }
  const jwk: Record<string, string> = { kty: curve.kty, crv: curve.crv, x: coseCoordinate(coseKey, X, curve.size) };
  if (curve.kty === 'EC') jwk['y'] = coseCoordinate(coseKey, Y, curve.size);
  return jwk;
}

function jwkCoordinate(jwk: Record<string, unknown>, member: 'x' | 'y', size: number): Uint8Array {
  const text = jwk[member];
  const bytes = typeof text === 'string' ? base64UrlDecode(text) : undefined;
  if (!bytes || bytes.length !== size) throw invalid(`device key member ${member} must be ${size} bytes of base64url`);
  return bytes;
}

function coseCoordinate(coseKey: ReadonlyMap<unknown, unknown>, label: number, size: number): string {
  const value = coseKey.get(label);
  if (!(value instanceof Uint8Array) || value.length !== size)
    throw invalid(`device key coordinate ${label} must be a ${size}-byte string`);
  return Buffer.from(value).toString('base64url');
}

function invalid(message: string): CredentialError {
  return new CredentialError('INVALID_JWK', message, { errors: [{ path: 'deviceKey', message }] });
}
