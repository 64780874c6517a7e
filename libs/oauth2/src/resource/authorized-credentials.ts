import { isPlainObject } from '../encoding/base64url';
import { OPENID_CREDENTIAL_TYPE } from '../authorization/authorization-details';

/** A credential configuration an access token grants, with the `credential_identifiers` the AS gave for it. */
export interface AuthorizedCredential {
  credentialConfigurationId: string;
  /** OID4VCI 1.0 §6.2: when present, the wallet must request by `credential_identifier`, one of these. */
  credentialIdentifiers?: string[];
}

export interface AuthorizedCredentialsOptions {
  /** This credential issuer's identifier: an authorization detail with `locations` must name it. */
  credentialIssuer: string;
  /** The issuer's credential configurations with their `scope` (OID4VCI 1.0 §12.2.4). */
  configurations: Readonly<Record<string, { scope?: unknown }>>;
}

const MAX_ENTRIES = 50;

/**
 * Which credential configurations an access token of an external authorization server grants (OID4VCI 1.0 §5.1,
 * §6.2), read from its claims (JWT payload or introspection answer): `authorization_details` entries of type
 * `openid_credential` naming a known configuration (entries for other types, other locations or unknown
 * configurations are someone else's and ignored, RFC 9396 §2.2), then `scope` values equal to a configuration's
 * `scope`, each read on its own (unknown scopes are ignored). A detail wins over a scope for the same configuration.
 */
export function authorizedCredentials(claims: Record<string, unknown>, options: AuthorizedCredentialsOptions): AuthorizedCredential[] {
  const granted = new Map<string, AuthorizedCredential>();
  const details = Array.isArray(claims['authorization_details']) ? claims['authorization_details'].slice(0, MAX_ENTRIES) : [];
  for (const detail of details) {
    if (!isPlainObject(detail) || detail['type'] !== OPENID_CREDENTIAL_TYPE) continue;
    const id = detail['credential_configuration_id'];
    if (typeof id !== 'string' || !Object.hasOwn(options.configurations, id)) continue;
    const locations = detail['locations'];
    if (locations !== undefined && !(Array.isArray(locations) && locations.includes(options.credentialIssuer))) continue;
    const identifiers = detail['credential_identifiers'];
    const usable = Array.isArray(identifiers) ? identifiers.filter((i): i is string => typeof i === 'string' && i.length > 0) : [];
    const previous = granted.get(id)?.credentialIdentifiers ?? [];
    const merged = [...new Set([...previous, ...usable])];
    granted.set(id, { credentialConfigurationId: id, ...(merged.length ? { credentialIdentifiers: merged } : {}) });
  }
  const scope = claims['scope'];
  const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean).slice(0, MAX_ENTRIES) : [];
  for (const [id, configuration] of Object.entries(options.configurations)) {
    if (typeof configuration.scope === 'string' && scopes.includes(configuration.scope) && !granted.has(id))
      granted.set(id, { credentialConfigurationId: id });
  }
  return [...granted.values()];
}
