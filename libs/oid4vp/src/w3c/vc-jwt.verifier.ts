import { isPlainObject } from '@issuer/oauth2';
import { invalidRequest } from '../errors/oid4vp-error';
import { decodeJws } from '../jose/compact-jws';
import { checkJwtTimes, toSeconds } from '../jose/jwt-claims';
import { checkW3cStatus } from '../status/w3c-status.check';
import { verifyIssuerSignature, type TrustedSigner } from '../trust/issuer-signature';
import type { PresentationContext } from '../vp-token/presentation-context';

export interface VerifiedW3cCredential {
  /** The credential object: `vc` of a VCDM 1.1 JWT (with `iss` / `sub` folded in) or the VCDM 2.0 payload. */
  credential: Record<string, unknown>;
  types: string[];
  issuerId: string;
  /** `credentialSubject` ids: the holders this credential is about. */
  subjectIds: string[];
  issuer: TrustedSigner;
}

const idOf = (value: unknown): unknown => (isPlainObject(value) ? value['id'] : value);

/** Parses an XSD dateTime (`validFrom`, `expirationDate`, ...) to seconds; `undefined` when absent. */
function dateSeconds(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalidRequest('malformed', `credential ${name} is not a date-time`);
  return Math.floor(ms / 1000);
}

function checkValidityPeriod(credential: Record<string, unknown>, context: PresentationContext): void {
  const now = toSeconds(context.now);
  const from = dateSeconds(credential['validFrom'] ?? credential['issuanceDate'], 'validFrom');
  const until = dateSeconds(credential['validUntil'] ?? credential['expirationDate'], 'validUntil');
  if (from !== undefined && from > now + context.skewSeconds) throw invalidRequest('not_yet_valid', 'credential is not yet valid');
  if (until !== undefined && until <= now - context.skewSeconds) throw invalidRequest('expired', 'credential has expired');
}

/**
 * Verifies a W3C VC secured as a JWT (VCDM 1.1 §6.3.1 `jwt_vc_json`: `vc` claim; VC-JOSE-COSE §3.1.1 VCDM 2.0
 * `vc+jwt`: the payload is the credential): signature by a trusted issuer (`iss` / `issuer`), `exp` / `nbf` and the
 * data model's validity period, type `VerifiableCredential`, and `credentialStatus` (Bitstring / StatusList2021).
 * @throws Oid4vpError with the code and reason of the first failed check
 */
export async function verifyW3cCredentialJwt(jwt: unknown, context: PresentationContext): Promise<VerifiedW3cCredential> {
  const jws = decodeJws(jwt, 'credential');
  const { payload } = jws;
  const isVc11 = isPlainObject(payload['vc']);
  const credential: Record<string, unknown> = { ...((isVc11 ? payload['vc'] : payload) as Record<string, unknown>) };
  const issuerId = payload['iss'] ?? idOf(credential['issuer']);
  if (typeof issuerId !== 'string' || issuerId === '') throw invalidRequest('malformed', 'credential has no issuer');
  if (credential['issuer'] !== undefined && idOf(credential['issuer']) !== issuerId)
    throw invalidRequest('malformed', 'credential iss and issuer differ');
  const types = [credential['type']].flat();
  if (!types.includes('VerifiableCredential') || types.some((t) => typeof t !== 'string')) {
    throw invalidRequest('malformed', 'credential type must include VerifiableCredential');
  }
  const issuer = await verifyIssuerSignature(jws, issuerId, { ...context, verifySignature: context.crypto.verifySignature }, 'credential');
  checkJwtTimes(payload, { now: toSeconds(context.now), skew: context.skewSeconds }, 'credential');
  checkValidityPeriod(credential, context);
  const subjects = [credential['credentialSubject']].flat();
  if (subjects.length === 0 || !subjects.every(isPlainObject)) throw invalidRequest('malformed', 'credential has no credentialSubject');
  // VCDM 1.1 §6.3.1: `sub` stands for credentialSubject.id.
  if (isVc11 && typeof payload['sub'] === 'string' && subjects.length === 1 && subjects[0]['id'] === undefined) {
    credential['credentialSubject'] = { ...subjects[0], id: payload['sub'] };
    subjects[0] = credential['credentialSubject'] as Record<string, unknown>;
  }
  await checkW3cStatus(credential['credentialStatus'], issuer.jwk, issuerId, context);
  return {
    credential,
    types: types as string[],
    issuerId,
    subjectIds: subjects.map((s) => s['id']).filter((id): id is string => typeof id === 'string'),
    issuer,
  };
}
