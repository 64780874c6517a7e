import type { CredentialAuthorizationDetail } from './authorization-details';

export interface RequestedCredentialsInput {
  scopes: readonly string[];
  authorizationDetails?: readonly CredentialAuthorizationDetail[];
}

export interface RequestedCredentialsOptions {
  /** The issuer's credential configurations with their `scope` (credential issuer metadata, OID4VCI 1.0 §12.2.4). */
  configurations: Readonly<Record<string, { scope?: string }>>;
  /** Configurations of the offer bound by `issuer_state`; the request may only narrow them. */
  offeredConfigurationIds?: readonly string[];
}

export type RequestedCredentials =
  | {
      ok: true;
      /** Every requested configuration, in request order, without duplicates. */
      credentialConfigurationIds: string[];
      /** The `openid_credential` details to answer with `credential_identifiers` (OID4VCI 1.0 §6.2). */
      authorizationDetails: CredentialAuthorizationDetail[];
      /** Configurations granted without an authorization detail: by scope, or taken from the offer. */
      scopedConfigurationIds: string[];
    }
  | { ok: false; error: 'invalid_authorization_details' | 'invalid_scope'; description: string };

/**
 * Decides which credential configurations an authorization request asks for (OID4VCI 1.0 §5.1.1, §5.1.2):
 * each `authorization_details` entry must name a known (and, with an offer, offered) configuration
 * (`invalid_authorization_details`); unknown scopes are ignored, each scope is read on its own, and a detail wins
 * over a scope for the same configuration. With an offer and nothing requested, the offer's configurations are
 * meant; without an offer, nothing usable is `invalid_scope`.
 */
export function resolveRequestedCredentials(
  request: RequestedCredentialsInput,
  options: RequestedCredentialsOptions,
): RequestedCredentials {
  const offered = options.offeredConfigurationIds;
  const allowed = (id: string) => Object.hasOwn(options.configurations, id) && (offered === undefined || offered.includes(id));
  const details: CredentialAuthorizationDetail[] = [];
  for (const detail of request.authorizationDetails ?? []) {
    const id = detail.credential_configuration_id;
    if (!allowed(id)) {
      return {
        ok: false,
        error: 'invalid_authorization_details',
        description: `credential_configuration_id ${id} is not ${offered ? 'offered' : 'supported'}`,
      };
    }
    if (!details.some((d) => d.credential_configuration_id === id)) details.push(detail);
  }
  const byDetail = new Set(details.map((d) => d.credential_configuration_id));
  const scoped: string[] = [];
  for (const scope of request.scopes) {
    for (const [id, configuration] of Object.entries(options.configurations)) {
      if (configuration.scope === scope && allowed(id) && !byDetail.has(id) && !scoped.includes(id)) scoped.push(id);
    }
  }
  let ids = [...byDetail, ...scoped];
  if (ids.length === 0) {
    if (!offered || offered.length === 0) {
      return {
        ok: false,
        error: 'invalid_scope',
        description: 'request names no supported credential configuration by scope or authorization_details',
      };
    }
    ids = [...offered];
    scoped.push(...offered);
  }
  return { ok: true, credentialConfigurationIds: ids, authorizationDetails: details, scopedConfigurationIds: scoped };
}
