import {
  bitstringStatusListCredential,
  encodeBitstringStatusList,
  encodeStatusList2021,
  JWT_MEDIA_TYPE,
  signStatusListCwt,
  signStatusListToken,
  signVc11Jwt,
  signVcJwt,
  STATUS_LIST_JWT_MEDIA_TYPE,
  StatusBitstring,
  statusList2021Credential,
  TokenStatusArray,
  VC_JWT_MEDIA_TYPE,
  type BytesSigner,
  type JwsSigner,
} from '@issuer/status-list';
import type { StatusArray } from '../lists/list-statuses';
import type { StatusListRow } from '../lists/status-list.record';

export interface BuiltListToken {
  token: string;
  mediaType: string;
  /** Token Status Lists asked for with `cwt`: the same list as a CWT (base64url of the COSE_Sign1 bytes). */
  cwt?: string;
}

/** The media type a list is served with (API.md §7). */
export function mediaTypeOf(type: StatusListRow['type']): string {
  if (type === 'TokenStatusList') return STATUS_LIST_JWT_MEDIA_TYPE;
  return type === 'BitstringStatusList' ? VC_JWT_MEDIA_TYPE : JWT_MEDIA_TYPE;
}

/**
 * Builds and signs one list from its statuses (the stored bytes in the list's layout). Token Status List →
 * `statuslist+jwt`, and `statuslist+cwt` too when `times.cwt` asks for it (`ttl` in seconds); Bitstring Status List →
 * a VCDM 2.0 credential as `vc+jwt` (`ttl` in milliseconds); StatusList2021 → a VCDM 1.1 JWT.
 */
export async function buildListToken(
  list: Pick<StatusListRow, 'type' | 'purpose' | 'bits' | 'size' | 'uri' | 'signer'>,
  statuses: StatusArray,
  times: { now: Date; expiresAt: Date; ttlSeconds: number; cwt?: boolean },
  sign: JwsSigner,
  signBytes: BytesSigner,
): Promise<BuiltListToken> {
  const { signer } = list;
  if (list.type === 'TokenStatusList') {
    if (!(statuses instanceof TokenStatusArray)) throw new Error(`Token Status List ${list.uri} needs LSB-first statuses`);
    const request = {
      list: statuses,
      uri: list.uri,
      iss: signer.iss,
      alg: signer.alg,
      kid: signer.kid,
      x5c: signer.x5c,
      issuedAt: times.now,
      expiresAt: times.expiresAt,
      ttlSeconds: times.ttlSeconds,
    };
    if (!times.cwt) return { token: await signStatusListToken(request, sign), mediaType: STATUS_LIST_JWT_MEDIA_TYPE };
    const [token, cwt] = await Promise.all([signStatusListToken(request, sign), signStatusListCwt(request, signBytes)]);
    return { token, mediaType: STATUS_LIST_JWT_MEDIA_TYPE, cwt: Buffer.from(cwt).toString('base64url') };
  }
  if (!(statuses instanceof StatusBitstring)) throw new Error(`W3C list ${list.uri} needs an MSB-first bitstring`);
  const bits = statuses;
  if (list.type === 'BitstringStatusList') {
    const credential = bitstringStatusListCredential({
      id: list.uri,
      issuer: signer.iss,
      purpose: list.purpose,
      encodedList: encodeBitstringStatusList(bits),
      validFrom: times.now,
      validUntil: times.expiresAt,
      ttlMs: times.ttlSeconds * 1000,
    });
    const token = await signVcJwt(credential, { alg: signer.alg, kid: signer.kid, issuedAt: times.now, expiresAt: times.expiresAt }, sign);
    return { token, mediaType: VC_JWT_MEDIA_TYPE };
  }
  // Allocation refuses it (the contract): StatusList2021 knows revocation and suspension only.
  if (list.purpose === 'message') throw new Error(`StatusList2021 list ${list.uri} cannot have purpose "message"`);
  const credential = statusList2021Credential({
    id: list.uri,
    issuer: signer.iss,
    purpose: list.purpose,
    encodedList: encodeStatusList2021(bits),
    issuanceDate: times.now,
    expirationDate: times.expiresAt,
  });
  return { token: await signVc11Jwt(credential, { alg: signer.alg, kid: signer.kid }, sign), mediaType: JWT_MEDIA_TYPE };
}
