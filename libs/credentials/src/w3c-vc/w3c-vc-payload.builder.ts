import { CredentialError } from '../shared/credential-error';
import { isoSeconds, wholeSeconds } from '../shared/credential-times';
import { isPlainObject } from '../shared/json-object.util';
import { statusContextFor, w3cStatusEntry } from './w3c-status-entry';
import type { W3cIssueRequest, W3cVersion } from './w3c-vc.types';

/** The base `@context` of each data model version; it must come first (VCDM 1.1 §4.1, VCDM 2.0 §4.3). */
export const W3C_BASE_CONTEXT: Record<W3cVersion, string> = {
  '1.1': 'https://www.w3.org/2018/credentials/v1',
  '2.0': 'https://www.w3.org/ns/credentials/v2',
};

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * VCDM 1.1 as a JWT (VCDM 1.1 §6.3.1) in "in addition to" mode: the registered claims `iss`, `sub`, `nbf`,
 * `exp`, `jti` carry the same values as `issuer`, `credentialSubject.id`, `issuanceDate`, `expirationDate`
 * and `id` inside `vc`, so verifiers of either reading agree. §6.3.1.1 says `nbf` MUST represent `issuanceDate`
 * and `exp` `expirationDate`: both dates are cut to whole seconds, the precision of a NumericDate, and written
 * without fractional digits, or strict verifiers (Credo, Sphereon) see a mismatch and refuse the credential.
 */
export function buildVc11JwtPayload(request: W3cIssueRequest): Record<string, unknown> {
  const vc = credentialBody(request, '1.1');
  const validFrom = wholeSeconds(request.validFrom ?? dateMember(vc, 'issuanceDate') ?? request.issuedAt);
  const validUntil = optionalSeconds(request.validUntil ?? dateMember(vc, 'expirationDate'));
  vc['issuanceDate'] = isoSeconds(validFrom);
  if (validUntil) vc['expirationDate'] = isoSeconds(validUntil);
  const subject = vc['credentialSubject'] as Record<string, unknown>;
  return {
    iss: request.issuer,
    ...(typeof subject['id'] === 'string' ? { sub: subject['id'] } : {}),
    nbf: seconds(validFrom),
    iat: seconds(request.issuedAt),
    ...(validUntil ? { exp: seconds(validUntil) } : {}),
    ...(typeof vc['id'] === 'string' ? { jti: vc['id'] } : {}),
    vc,
  };
}

/**
 * VCDM 2.0 secured with JOSE (VC-JOSE-COSE §3.1.1): the payload is the credential itself, with no `vc`
 * claim; `iss` equals `issuer`, and `iat`/`exp` state the validity of the signature. `validFrom` and
 * `validUntil` are whole seconds like the NumericDates, so `validUntil` and `exp` name the same instant.
 */
export function buildVc20Payload(request: W3cIssueRequest): Record<string, unknown> {
  const vc = credentialBody(request, '2.0');
  const validFrom = wholeSeconds(request.validFrom ?? dateMember(vc, 'validFrom') ?? request.issuedAt);
  const validUntil = optionalSeconds(request.validUntil ?? dateMember(vc, 'validUntil'));
  vc['validFrom'] = isoSeconds(validFrom);
  if (validUntil) vc['validUntil'] = isoSeconds(validUntil);
  return { ...vc, iss: request.issuer, iat: seconds(request.issuedAt), ...(validUntil ? { exp: seconds(validUntil) } : {}) };
}

/** The credential JSON shared by both versions: contexts, types, id, issuer, subject id and status. */
function credentialBody(request: W3cIssueRequest, version: W3cVersion): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(request.credential)) as Record<string, unknown>;
  for (const claim of ['vc', 'vp']) {
    if (claim in body)
      throw new CredentialError('W3C_VC_INVALID_REQUEST', `credentialData.${claim} is a JWT claim, not a credential property`);
  }
  const contexts = contextsOf(body['@context'], version);
  const statuses = request.credentialStatus === undefined ? [] : [request.credentialStatus].flat();
  for (const status of statuses) {
    const statusContext = statusContextFor(status, version);
    if (statusContext && !contexts.includes(statusContext)) contexts.push(statusContext);
  }

  const subject = body['credentialSubject'] ?? {};
  if (!isPlainObject(subject)) {
    throw new CredentialError('W3C_VC_INVALID_REQUEST', 'credentialData.credentialSubject must be an object');
  }
  // The holder binding of a W3C JWT credential is the subject id: always the DID of the proof key.
  if (request.subjectId) subject['id'] = request.subjectId;

  const issuer = body['issuer'];
  const { '@context': _context, type: _type, ...rest } = body;
  return {
    '@context': contexts,
    ...(request.credentialId && typeof body['id'] !== 'string' ? { id: request.credentialId } : {}),
    type: typesOf(body['type'], request.defaultTypes),
    ...rest,
    // `iss` and `issuer` must agree (VCDM 1.1 §6.3.1, VC-JOSE-COSE §3.1.1); an issuer object keeps its name etc.
    issuer: isPlainObject(issuer) ? { ...issuer, id: request.issuer } : request.issuer,
    credentialSubject: subject,
    ...(statuses.length
      ? { credentialStatus: Array.isArray(request.credentialStatus) ? statuses.map(w3cStatusEntry) : w3cStatusEntry(statuses[0]) }
      : {}),
  };
}

function contextsOf(value: unknown, version: W3cVersion): unknown[] {
  const given = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const otherBases = Object.values(W3C_BASE_CONTEXT);
  return [W3C_BASE_CONTEXT[version], ...given.filter((context) => !otherBases.includes(context as string))];
}

function typesOf(value: unknown, defaults: string[] | undefined): string[] {
  const given = value === undefined ? (defaults ?? []) : Array.isArray(value) ? value : [value];
  if (!given.every((type): type is string => typeof type === 'string' && type !== '')) {
    throw new CredentialError('W3C_VC_INVALID_REQUEST', 'credentialData.type must be a string or an array of strings');
  }
  return ['VerifiableCredential', ...given.filter((type) => type !== 'VerifiableCredential')];
}

function optionalSeconds(date: Date | undefined): Date | undefined {
  return date ? wholeSeconds(date) : undefined;
}

function dateMember(body: Record<string, unknown>, name: string): Date | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new CredentialError('W3C_VC_INVALID_REQUEST', `credentialData.${name} must be an ISO 8601 date-time`);
  }
  return date;
}
