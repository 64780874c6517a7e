import type { TokenSession } from '../sessions/session.types';

const EVENT_FORMAT: Record<string, 'sd_jwt_vc' | 'w3c_vc' | 'mso_mdoc'> = {
  'dc+sd-jwt': 'sd_jwt_vc',
  jwt_vc_json: 'w3c_vc',
  mso_mdoc: 'mso_mdoc',
};

/** Credential request event names carry the format family (API.md §7). */
export function successEvent(session: TokenSession) {
  return `credential_request_${EVENT_FORMAT[session.snapshot.credentialConfiguration['format'] as string] ?? 'sd_jwt_vc'}_succeeded` as const;
}
export function failureEvent(session: TokenSession) {
  return `credential_request_${EVENT_FORMAT[session.snapshot.credentialConfiguration['format'] as string] ?? 'sd_jwt_vc'}_failed` as const;
}
