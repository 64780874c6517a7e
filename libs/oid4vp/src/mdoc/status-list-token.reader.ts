import { KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { CborTag } from './cbor.reader';
import { CborShape } from './cbor-shape';
import { readX5chain, verifyCertificateChain } from './certificate-chain.verifier';
import { HEADER_TYP, HEADER_X5CHAIN, parseCoseSign1, verifyCoseSign1 } from './cose-sign1';
import { MdocVerificationError } from './mdoc-verification.error';

/** What the verifier needs from a verified Status List Token. */
export interface StatusListClaims {
  /** `sub`: the URI the list is published at. */
  subject: string;
  expiresAt?: Date;
  bits: number;
  /** The ZLIB-compressed status array (`lst`). */
  compressed: Uint8Array;
}

/** Who may sign the list: a certificate chaining to the same trust anchors as the mdoc, or the Document Signer key itself. */
export interface StatusListTrust {
  trustedCertificates: readonly string[];
  now: Date;
  documentSignerKey: KeyObject;
}

// CWT claim keys (RFC 8392) and the status list claim (draft-ietf-oauth-status-list §5.2).
const CLAIM_SUB = 2;
const CLAIM_EXP = 4;
const CLAIM_STATUS_LIST = 65533;
const CWT_TAG = 61;
const CWT_TYP = 'application/statuslist+cwt';
const JWT_TYP = 'statuslist+jwt';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

const shape = new CborShape('status_check_failed');

/**
 * Verifies a Status List Token (draft-ietf-oauth-status-list §5) in either form the `fetchStatusList` callback
 * may return: a compact `statuslist+jwt`, or a `statuslist+cwt` COSE_Sign1 as base64url (or base64) text.
 * The signing key must be trusted the same way as the mdoc: an `x5c` / `x5chain` certificate chaining to the
 * trusted IACA certificates at `now`, or, without certificates, the credential's own Document Signer key.
 * A list signed by anyone else is refused, since a forged "valid" list would un-revoke a credential.
 * @throws MdocVerificationError `status_check_failed`
 */
export async function readStatusListToken(token: string, trust: StatusListTrust): Promise<StatusListClaims> {
  const text = typeof token === 'string' ? token.trim() : '';
  if (COMPACT_JWS.test(text)) return readJwt(text, trust);
  if (BASE64.test(text)) return readCwt(new Uint8Array(Buffer.from(text, 'base64url')), trust); // Node's decoder reads both alphabets
  return shape.fail('the status list is neither a compact JWT nor base64url CWT bytes');
}

function readCwt(bytes: Uint8Array, trust: StatusListTrust): StatusListClaims {
  const decoded = shape.decode(bytes, 'the status list CWT');
  const sign1 = parseCoseSign1(
    decoded instanceof CborTag && decoded.tag === CWT_TAG ? decoded.value : decoded,
    'status list CWT',
    'status_check_failed',
  );
  if (sign1.protectedHeader.get(HEADER_TYP) !== CWT_TYP) shape.fail(`the status list CWT typ must be ${CWT_TYP}`);
  if (!sign1.payload) return shape.fail('the status list CWT has no payload');
  const x5chain = readX5chain(sign1.protectedHeader.get(HEADER_X5CHAIN) ?? sign1.unprotectedHeader.get(HEADER_X5CHAIN));
  verifyCoseSign1(sign1, signingKey(x5chain, trust), sign1.payload, 'status_check_failed', 'status list CWT');
  const claims = shape.map(shape.decode(sign1.payload, 'the status list CWT claims'), 'the status list CWT claims');
  const list = shape.map(shape.get(claims, CLAIM_STATUS_LIST, 'status_list claim'), 'status_list claim');
  const exp = claims.get(CLAIM_EXP);
  return {
    subject: shape.text(shape.get(claims, CLAIM_SUB, 'status list sub'), 'status list sub'),
    expiresAt: typeof exp === 'number' ? new Date(exp * 1000) : undefined,
    bits: shape.uint(shape.get(list, 'bits', 'status_list.bits'), 'status_list.bits'),
    compressed: shape.bytes(shape.get(list, 'lst', 'status_list.lst'), 'status_list.lst'),
  };
}

async function readJwt(token: string, trust: StatusListTrust): Promise<StatusListClaims> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    return shape.fail('the status list JWT header cannot be read', cause);
  }
  if (header.typ !== JWT_TYP) shape.fail(`the status list JWT typ must be ${JWT_TYP}`);
  const x5chain = Array.isArray(header.x5c) ? header.x5c.map((der) => new Uint8Array(Buffer.from(String(der), 'base64'))) : undefined;
  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(token, signingKey(x5chain, trust));
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch (cause) {
    if (cause instanceof MdocVerificationError) throw cause;
    return shape.fail('the status list JWT signature does not verify', cause);
  }
  const list = payload['status_list'] as { bits?: unknown; lst?: unknown } | undefined;
  if (typeof payload['sub'] !== 'string' || typeof list?.bits !== 'number' || typeof list.lst !== 'string') {
    return shape.fail('the status list JWT needs sub and status_list {bits, lst}');
  }
  return {
    subject: payload['sub'],
    expiresAt: typeof payload['exp'] === 'number' ? new Date(payload['exp'] * 1000) : undefined,
    bits: list.bits,
    compressed: new Uint8Array(Buffer.from(list.lst, 'base64url')),
  };
}

function signingKey(x5chain: Uint8Array[] | undefined, trust: StatusListTrust): KeyObject {
  if (!x5chain) return trust.documentSignerKey;
  return verifyCertificateChain(x5chain, trust.trustedCertificates, trust.now, 'status_check_failed', 'status list certificate');
}
