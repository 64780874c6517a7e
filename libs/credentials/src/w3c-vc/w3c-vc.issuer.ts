import { SDJwtInstance } from '@sd-jwt/core';
import { signCompactJws } from '../jose/compact-jws';
import { CredentialError } from '../shared/credential-error';
import { failuresAsSigningFailed } from '../shared/signing-failure';
import { buildDisclosureFrame } from '../sd-jwt-vc/disclosure-frame.builder';
import { validateSdMap } from '../sd-jwt-vc/sd-map.validator';
import { buildVc11JwtPayload, buildVc20Payload } from './w3c-vc-payload.builder';
import type { W3cIssueRequest, W3cVcCallbacks } from './w3c-vc.types';

/** Members that identify, type, date or bind a W3C credential: never selectively disclosable. */
const NEVER_SD = ['@context', 'type', 'issuer', 'validFrom', 'validUntil', 'credentialStatus', 'iss', 'iat', 'exp', 'nbf', 'cnf'];

/** The JOSE `typ` of each W3C securing (VCDM 1.1 §6.3.1, VC-JOSE-COSE §3.1.1 and §3.2.1). */
export const W3C_TYP = { vc11: 'JWT', vc20: 'vc+jwt', vc20Sd: 'vc+sd-jwt' } as const;

/**
 * Issues a W3C Verifiable Credential as a compact JWT: VCDM 1.1 (`typ: JWT`, `vc` claim; OID4VCI
 * `jwt_vc_json`), VCDM 2.0 (`typ: vc+jwt`, the payload is the credential), or VCDM 2.0 as SD-JWT
 * (`typ: vc+sd-jwt`) when a selective disclosure map is given. Salts have 128 bits (RFC 9901 §4.2.1).
 * @throws CredentialError `W3C_VC_INVALID_REQUEST`, `SD_MAP_INVALID`, `SIGNING_FAILED`
 */
export async function issueW3cVc(request: W3cIssueRequest, callbacks: W3cVcCallbacks): Promise<string> {
  const alg = request.header?.alg;
  if (typeof alg !== 'string' || alg === '' || alg.toLowerCase() === 'none') {
    throw new CredentialError('W3C_VC_INVALID_REQUEST', 'header.alg must name a signature algorithm');
  }
  const header = {
    alg,
    ...(request.header.kid !== undefined ? { kid: request.header.kid } : {}),
    ...(request.header.x5c !== undefined ? { x5c: request.header.x5c } : {}),
  };
  if (request.version === '1.1') {
    if (request.selectiveDisclosure !== undefined) {
      throw new CredentialError('W3C_VC_INVALID_REQUEST', 'selective disclosure of W3C credentials needs w3cVersion 2.0');
    }
    return signCompactJws({ ...header, typ: W3C_TYP.vc11 }, buildVc11JwtPayload(request), failuresAsSigningFailed(callbacks.sign));
  }
  const payload = buildVc20Payload(request);
  if (request.selectiveDisclosure === undefined) {
    return signCompactJws({ ...header, typ: W3C_TYP.vc20, cty: 'vc' }, payload, failuresAsSigningFailed(callbacks.sign));
  }
  return issueW3cSdJwt(payload, request, header, callbacks);
}

async function issueW3cSdJwt(
  payload: Record<string, unknown>,
  request: W3cIssueRequest,
  header: Record<string, unknown>,
  callbacks: W3cVcCallbacks,
): Promise<string> {
  const validation = validateSdMap(request.selectiveDisclosure);
  if (!validation.valid) throw new CredentialError('SD_MAP_INVALID', 'selectiveDisclosure is invalid', { errors: validation.errors });
  const reserved = Object.entries(validation.map.fields).find(([name, field]) => field.sd && NEVER_SD.includes(name));
  if (reserved) throw new CredentialError('SD_MAP_INVALID', `${reserved[0]} cannot be selectively disclosed`);
  const randomBytes = (length: number) => {
    const bytes = callbacks.randomBytes(length);
    if (bytes.length < length) throw new CredentialError('W3C_VC_INVALID_REQUEST', `randomBytes(${length}) returned too few bytes`);
    return bytes;
  };
  const frame = buildDisclosureFrame(payload, validation.map, randomBytes);
  const instance = new SDJwtInstance({
    signAlg: header['alg'] as string,
    hashAlg: 'sha-256',
    signer: failuresAsSigningFailed(callbacks.sign),
    hasher: (data: string | ArrayBuffer) => {
      if (typeof data !== 'string') throw new CredentialError('W3C_VC_INVALID_REQUEST', 'unexpected binary hash input');
      return callbacks.hash(data, 'sha-256');
    },
    saltGenerator: () => Buffer.from(randomBytes(16)).toString('base64url'),
  });
  const { alg: _alg, ...rest } = header;
  return instance.issue(payload, frame as Parameters<SDJwtInstance<Record<string, unknown>>['issue']>[1], {
    header: { ...rest, typ: W3C_TYP.vc20Sd, cty: 'vc' },
  });
}
