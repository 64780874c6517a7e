import { signCompactJws, type JwsSigner } from '@issuer/credentials';

export const CREDENTIALS_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const STATUS_LIST_2021_CONTEXT = 'https://w3id.org/vc/status-list/2021/v1';
/** API.md §7: a VCDM 1.1 list secured as a JWT is served as `application/jwt`. */
export const JWT_MEDIA_TYPE = 'application/jwt';

export interface StatusList2021CredentialRequest {
  id: string;
  issuer: string;
  purpose: 'revocation' | 'suspension';
  encodedList: string;
  issuanceDate: Date;
  expirationDate?: Date;
}

/** The unsigned VCDM 1.1 `StatusList2021Credential` (W3C CCG StatusList2021 §2.3). */
export function statusList2021Credential(request: StatusList2021CredentialRequest): Record<string, unknown> {
  return {
    '@context': [CREDENTIALS_V1_CONTEXT, STATUS_LIST_2021_CONTEXT],
    id: request.id,
    type: ['VerifiableCredential', 'StatusList2021Credential'],
    issuer: request.issuer,
    issuanceDate: request.issuanceDate.toISOString(),
    ...(request.expirationDate ? { expirationDate: request.expirationDate.toISOString() } : {}),
    credentialSubject: {
      id: `${request.id}#list`,
      type: 'StatusList2021',
      statusPurpose: request.purpose,
      encodedList: request.encodedList,
    },
  };
}

/**
 * Secures a VCDM 1.1 credential as a JWT (VCDM 1.1 §6.3.1): the credential in `vc`, `iss` = issuer,
 * `nbf` = issuanceDate, `jti` = id, `exp` = expirationDate; `typ: JWT`, `kid` = the issuer's DID URL.
 */
export function signVc11Jwt(credential: Record<string, unknown>, options: { alg: string; kid?: string }, sign: JwsSigner): Promise<string> {
  const seconds = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);
  const header = { alg: options.alg, typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) };
  const payload = {
    vc: credential,
    iss: credential.issuer,
    nbf: seconds(credential.issuanceDate),
    jti: credential.id,
    ...(credential.expirationDate ? { exp: seconds(credential.expirationDate) } : {}),
  };
  return signCompactJws(header, payload, sign);
}
