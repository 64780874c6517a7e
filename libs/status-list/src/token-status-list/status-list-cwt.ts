import { Encoder, Tag } from 'cbor-x';
import type { StatusListTokenRequest } from './status-list-token';
import { encodeTokenStatusList } from './token-status-list.codec';

export const STATUS_LIST_CWT_MEDIA_TYPE = 'application/statuslist+cwt';

/** Signs bytes (the COSE Sig_structure); returns the raw signature (r‖s for ECDSA, RFC 9053 §2.1). */
export type BytesSigner = (data: Uint8Array) => Promise<Uint8Array>;

/** COSE algorithm ids (RFC 9053, RFC 8230, RFC 8812) of the JOSE names kms keys sign with. */
const COSE_ALGORITHMS: Record<string, number> = { ES256: -7, ES384: -35, ES512: -36, EdDSA: -8, PS256: -37, RS256: -257, ES256K: -47 };

// RFC 9052 header labels, RFC 9596 typ, RFC 9360 x5chain; CWT claim keys from RFC 8392 and the draft's registrations.
const HEADER = { alg: 1, kid: 4, typ: 16, x5chain: 33 } as const;
const CLAIM = { iss: 1, sub: 2, exp: 4, iat: 6, ttl: 65534, statusList: 65533 } as const;
const COSE_SIGN1_TAG = 18;

// Plain CBOR maps and byte strings only (no cbor-x records, tag 259 maps or tag 64 typed arrays).
const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  variableMapSize: true,
  tagUint8Array: false,
  useTag259ForMaps: false,
} as ConstructorParameters<typeof Encoder>[0]);
const cbor = (value: unknown) => new Uint8Array(encoder.encode(value));

/**
 * A Status List Token in CWT form (draft-ietf-oauth-status-list §5.2): a tagged COSE_Sign1 (RFC 9052 §4.2)
 * with protected header {1: alg, 16: "application/statuslist+cwt", 4: kid, 33: x5chain} and the claims
 * 2 (sub = the list URI), 6 (iat), 4 (exp), 65534 (ttl, seconds), 65533 ({bits, lst} with `lst` the ZLIB bytes
 * as a bstr). Signed through the injected signer, so the key stays in kms.
 */
export async function signStatusListCwt(request: StatusListTokenRequest, sign: BytesSigner): Promise<Uint8Array> {
  const alg = COSE_ALGORITHMS[request.alg];
  if (alg === undefined) throw new RangeError(`no COSE algorithm for ${request.alg}`);
  const claim = encodeTokenStatusList(request.list);
  const x5chain = request.x5c?.map((der) => new Uint8Array(Buffer.from(der, 'base64')));
  const protectedHeader = cbor(
    new Map<number, unknown>([
      [HEADER.alg, alg],
      [HEADER.typ, STATUS_LIST_CWT_MEDIA_TYPE],
      ...(request.kid ? [[HEADER.kid, new Uint8Array(Buffer.from(request.kid, 'utf8'))] as [number, unknown]] : []),
      ...(x5chain?.length ? [[HEADER.x5chain, x5chain.length === 1 ? x5chain[0] : x5chain] as [number, unknown]] : []),
    ]),
  );
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
  const payload = cbor(claims);
  // Sig_structure (RFC 9052 §4.4) with empty external_aad.
  const signature = await sign(cbor(['Signature1', protectedHeader, new Uint8Array(0), payload]));
  return cbor(new Tag([protectedHeader, new Map(), payload, new Uint8Array(signature)], COSE_SIGN1_TAG));
}
