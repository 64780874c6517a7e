import { signCompactJws, type JwsSigner } from '@issuer/credentials';
import type { TokenStatusArray } from './token-status-array';
import { encodeTokenStatusList } from './token-status-list.codec';

export const STATUS_LIST_JWT_TYP = 'statuslist+jwt';
export const STATUS_LIST_JWT_MEDIA_TYPE = 'application/statuslist+jwt';

export interface StatusListTokenRequest {
  list: TokenStatusArray;
  /** The list's URI; `sub` MUST equal the `status.status_list.uri` of every credential pointing here. */
  uri: string;
  iss?: string;
  alg: string;
  kid?: string;
  /** Standard base64 DER certificates, leaf first. */
  x5c?: string[];
  issuedAt: Date;
  expiresAt?: Date;
  /** Seconds a relying party may cache the token (draft §5.1 `ttl`). */
  ttlSeconds?: number;
}

/** Header and payload of a Status List Token in JWT form (draft-ietf-oauth-status-list §5.1), unsigned. */
export function statusListTokenParts(request: StatusListTokenRequest): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const header = {
    alg: request.alg,
    typ: STATUS_LIST_JWT_TYP,
    ...(request.kid ? { kid: request.kid } : {}),
    ...(request.x5c?.length ? { x5c: request.x5c } : {}),
  };
  const payload = {
    ...(request.iss ? { iss: request.iss } : {}),
    sub: request.uri,
    iat: Math.floor(request.issuedAt.getTime() / 1000),
    ...(request.expiresAt ? { exp: Math.floor(request.expiresAt.getTime() / 1000) } : {}),
    ...(request.ttlSeconds ? { ttl: request.ttlSeconds } : {}),
    status_list: encodeTokenStatusList(request.list),
  };
  return { header, payload };
}

/** Builds and signs a Status List Token (`typ: statuslist+jwt`) through the injected signer. */
export function signStatusListToken(request: StatusListTokenRequest, sign: JwsSigner): Promise<string> {
  const { header, payload } = statusListTokenParts(request);
  return signCompactJws(header, payload, sign);
}
