import { SDJwtVcInstance, SdJwtVcPayload } from '@sd-jwt/sd-jwt-vc';
import { CredentialError } from '../shared/credential-error';
import { isPlainObject } from '../shared/json-object.util';
import { failuresAsSigningFailed } from '../shared/signing-failure';
import { buildDisclosureFrame } from './disclosure-frame.builder';
import { SD_JWT_STRUCTURAL_KEYS } from './reserved-claims.constants';
import { SdMap } from './sd-map.types';
import { validateSdMap } from './sd-map.validator';

/** The media type and JOSE `typ` of IETF SD-JWT VC (§3.2.1); `vc+sd-jwt` is the pre-2024 name. */
export const SD_JWT_VC_TYP = 'dc+sd-jwt';

// RFC 9901 §4.2.1: salts need at least 128 bits of entropy.
const SALT_BYTES = 16;

/** Crypto for issuance, injected so keys stay in the KMS (STYLE.md rule 3). */
export interface SdJwtVcCallbacks {
  /** Returns the base64url signature over the ASCII JWS signing input `<header>.<payload>`. */
  sign(signingInput: string): Promise<string>;
  hash(data: string, alg: 'sha-256'): Uint8Array | Promise<Uint8Array>;
  randomBytes(length: number): Uint8Array;
}

export interface SdJwtVcIssueRequest {
  /** Protected header members; `typ` is always `dc+sd-jwt`. `x5c` is standard base64 DER, leaf first. */
  header: { alg: string; kid?: string; x5c?: string[] };
  payload: {
    vct: string;
    iss?: string;
    iat?: number;
    nbf?: number;
    exp?: number;
    cnf?: { jwk: Record<string, unknown> };
    status?: unknown;
    [claim: string]: unknown;
  };
  selectiveDisclosure?: SdMap;
}

/**
 * Issues an IETF SD-JWT VC (`dc+sd-jwt`, SD-JWT VC §3, RFC 9901 §4) in issuance form
 * `<jwt>~<disclosure>~…~`. The SD map alone decides which claims become disclosures; reserved claims
 * (`iss`, `vct`, `cnf`, `status`, …) are refused as SD because hiding them would let a holder strip
 * the type, key binding or revocation status from what a verifier sees.
 * @throws CredentialError `SD_JWT_VC_INVALID_REQUEST`, `SD_MAP_INVALID`, `SIGNING_FAILED`, `SD_JWT_VC_ISSUE_FAILED`
 */
export async function issueSdJwtVc(request: SdJwtVcIssueRequest, callbacks: SdJwtVcCallbacks): Promise<string> {
  const { header, payload } = request;
  if (typeof header?.alg !== 'string' || header.alg === '' || header.alg.toLowerCase() === 'none') {
    throw new CredentialError('SD_JWT_VC_INVALID_REQUEST', 'header.alg must name a signature algorithm');
  }
  if (!isPlainObject(payload)) throw new CredentialError('SD_JWT_VC_INVALID_REQUEST', 'payload must be an object');
  // @sd-jwt/sd-jwt-vc 0.19 does not require vct (formats-and-status.md §9.1), so we do.
  if (typeof payload.vct !== 'string' || payload.vct === '') {
    throw new CredentialError('SD_JWT_VC_INVALID_REQUEST', 'payload.vct must be a non-empty string');
  }
  const structural = findStructuralKey(payload, 'payload');
  if (structural) {
    throw new CredentialError('SD_JWT_VC_INVALID_REQUEST', `${structural} is an SD-JWT structural name, not a claim`);
  }

  let map: SdMap | undefined;
  if (request.selectiveDisclosure !== undefined) {
    const validation = validateSdMap(request.selectiveDisclosure);
    if (!validation.valid) {
      throw new CredentialError('SD_MAP_INVALID', 'selectiveDisclosure is invalid', { errors: validation.errors });
    }
    map = validation.map;
  }

  // A JSON copy: drops undefined members and guarantees the library never mutates the caller's object.
  const claims = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  const randomBytes = checkedRandomBytes(callbacks);
  const frame = map ? buildDisclosureFrame(claims, map, randomBytes) : undefined;

  const instance = new SDJwtVcInstance({
    signAlg: header.alg,
    hashAlg: 'sha-256',
    signer: failuresAsSigningFailed(callbacks.sign),
    hasher: (data: string | ArrayBuffer, alg: string) => {
      // Issuance only ever hashes disclosure and salt strings; anything else is a library change to notice.
      if (typeof data !== 'string' || alg !== 'sha-256') {
        throw new CredentialError('SD_JWT_VC_ISSUE_FAILED', `unexpected hash input (alg ${alg})`);
      }
      return callbacks.hash(data, 'sha-256');
    },
    saltGenerator: () => Buffer.from(randomBytes(SALT_BYTES)).toString('base64url'),
  });

  const protectedHeader: Record<string, unknown> = {};
  if (header.kid !== undefined) protectedHeader['kid'] = header.kid;
  if (header.x5c !== undefined) protectedHeader['x5c'] = header.x5c;
  try {
    return await instance.issue(claims as SdJwtVcPayload, frame as Parameters<SDJwtVcInstance['issue']>[1], { header: protectedHeader });
  } catch (cause) {
    if (cause instanceof CredentialError) throw cause;
    throw new CredentialError('SD_JWT_VC_ISSUE_FAILED', 'SD-JWT VC issuance failed', { cause });
  }
}

/** Wraps the random callback so a short read can never produce salts below 128 bits. */
function checkedRandomBytes(callbacks: SdJwtVcCallbacks): (length: number) => Uint8Array {
  return (length: number) => {
    const bytes = callbacks.randomBytes(length);
    if (!(bytes instanceof Uint8Array) || bytes.length < length) {
      throw new CredentialError('SD_JWT_VC_ISSUE_FAILED', `randomBytes(${length}) returned too few bytes`);
    }
    return bytes;
  };
}

/** Finds `_sd`, `_sd_alg` or `...` used as a claim name anywhere; they would corrupt the digest structure. */
function findStructuralKey(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findStructuralKey(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isPlainObject(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (SD_JWT_STRUCTURAL_KEYS.includes(key)) return `${path}.${key}`;
      const found = findStructuralKey(member, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}
