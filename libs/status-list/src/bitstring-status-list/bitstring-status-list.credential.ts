import { signCompactJws, type JwsSigner } from '@issuer/credentials';

export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';
export const CREDENTIALS_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

export type BitstringStatusPurpose = 'refresh' | 'revocation' | 'suspension' | 'message';

export interface BitstringStatusListCredentialRequest {
  /** URL of the list credential; also the `statusListCredential` of the entries. */
  id: string;
  /** The issuer's DID (the list is issued like the credentials that point to it). */
  issuer: string;
  purpose: BitstringStatusPurpose;
  encodedList: string;
  validFrom: Date;
  validUntil?: Date;
  /** Milliseconds a verifier may cache the list (Bitstring Status List v1.0 §2.2 `ttl`). */
  ttlMs?: number;
}

/** The unsigned VCDM 2.0 `BitstringStatusListCredential` (Bitstring Status List v1.0 §2.2). */
export function bitstringStatusListCredential(request: BitstringStatusListCredentialRequest): Record<string, unknown> {
  return {
    '@context': [CREDENTIALS_V2_CONTEXT],
    id: request.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: request.issuer,
    validFrom: request.validFrom.toISOString(),
    ...(request.validUntil ? { validUntil: request.validUntil.toISOString() } : {}),
    credentialSubject: {
      id: `${request.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: request.purpose,
      encodedList: request.encodedList,
      ...(request.ttlMs ? { ttl: request.ttlMs } : {}),
    },
  };
}

/**
 * Secures a VCDM 2.0 credential as `vc+jwt` (VC-JOSE-COSE §3.1.1): the payload is the credential itself,
 * `iss` repeats `issuer` and `iat`/`exp` mirror the validity period, `kid` is the issuer's DID URL.
 */
export function signVcJwt(
  credential: Record<string, unknown>,
  options: { alg: string; kid?: string; issuedAt: Date; expiresAt?: Date },
  sign: JwsSigner,
): Promise<string> {
  const header = { alg: options.alg, typ: 'vc+jwt', cty: 'vc', ...(options.kid ? { kid: options.kid } : {}) };
  const payload = {
    ...credential,
    iss: credential.issuer,
    iat: Math.floor(options.issuedAt.getTime() / 1000),
    ...(options.expiresAt ? { exp: Math.floor(options.expiresAt.getTime() / 1000) } : {}),
  };
  return signCompactJws(header, payload, sign);
}
