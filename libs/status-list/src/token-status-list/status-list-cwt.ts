import {
  COSE_HEADER,
  coseAlgorithmOfJws,
  encodeCbor,
  signCoseSign1,
  tagCoseSign1,
  x5chainHeader,
  type CoseSigner,
} from '@issuer/credentials';
import type { StatusListTokenRequest } from './status-list-token';
import { encodeTokenStatusList } from './token-status-list.codec';

export const STATUS_LIST_CWT_MEDIA_TYPE = 'application/statuslist+cwt';

/** Signs bytes (the COSE Sig_structure); returns the raw signature (r‖s for ECDSA, RFC 9053 §2.1). */
export type BytesSigner = CoseSigner;

// CWT claim keys from RFC 8392 and the draft's registrations.
const CLAIM = { iss: 1, sub: 2, exp: 4, iat: 6, ttl: 65534, statusList: 65533 } as const;

/**
 * A Status List Token in CWT form (draft-ietf-oauth-status-list §5.2): a tagged COSE_Sign1 (RFC 9052 §4.2)
 * with protected header {1: alg, 16: "application/statuslist+cwt", 4: kid, 33: x5chain} and the claims
 * 2 (sub = the list URI), 6 (iat), 4 (exp), 65534 (ttl, seconds), 65533 ({bits, lst} with `lst` the ZLIB bytes
 * as a bstr). Signed through the injected signer, so the key stays in kms.
 */
export async function signStatusListCwt(request: StatusListTokenRequest, sign: BytesSigner): Promise<Uint8Array> {
  const alg = coseAlgorithmOfJws(request.alg);
  if (alg === undefined) throw new RangeError(`no COSE algorithm for ${request.alg}`);
  const claim = encodeTokenStatusList(request.list);
  const x5chain = request.x5c?.map((der) => new Uint8Array(Buffer.from(der, 'base64')));
  const protectedHeader = new Map<number, unknown>([
    [COSE_HEADER.alg, alg],
    [COSE_HEADER.typ, STATUS_LIST_CWT_MEDIA_TYPE],
    ...(request.kid ? [[COSE_HEADER.kid, new Uint8Array(Buffer.from(request.kid, 'utf8'))] as [number, unknown]] : []),
    ...(x5chain?.length ? [[COSE_HEADER.x5chain, x5chainHeader(x5chain)] as [number, unknown]] : []),
  ]);
  const claims = new Map<number, unknown>([
    ...(request.iss ? [[CLAIM.iss, request.iss] as [number, unknown]] : []),
    [CLAIM.sub, request.uri],
    [CLAIM.iat, Math.floor(request.issuedAt.getTime() / 1000)],
    ...(request.expiresAt ? [[CLAIM.exp, Math.floor(request.expiresAt.getTime() / 1000)] as [number, unknown]] : []),
    ...(request.ttlSeconds ? [[CLAIM.ttl, request.ttlSeconds] as [number, unknown]] : []),
    [
      CLAIM.statusList,
      new Map<string, unknown>([
        ['bits', claim.bits],
        ['lst', new Uint8Array(Buffer.from(claim.lst, 'base64url'))],
      ]),
    ],
  ]);
  return encodeCbor(tagCoseSign1(await signCoseSign1({ protectedHeader, payload: encodeCbor(claims) }, sign)));
}
