import { isPlainObject } from '@issuer/oauth2';
import { invalidRequest } from '../errors/oid4vp-error';

/** Upper bound on the vp_token size before JSON parsing (a few credentials with disclosures fit easily). */
const MAX_VP_TOKEN_LENGTH = 1024 * 1024;
/** Upper bound on presentations in one response: each may cost signature checks and a status list fetch. */
const MAX_PRESENTATIONS = 20;

/** What the parser needs of each credential query (DCQL `id` and `multiple`, OpenID4VP 1.0 §6.1). */
export interface VpTokenQuery {
  id: string;
  multiple?: boolean;
}

/**
 * Parses the `vp_token` of an OpenID4VP 1.0 response (§8.1): a JSON object keyed by credential query id, each value
 * a non-empty array of presentations. Accepts the object or its JSON text (as posted in a `direct_post` form), and
 * a bare presentation instead of a one-element array (drafts before 1.0 sent that). Every key must be a credential
 * query of the request, with one presentation unless the query allows `multiple` — checked here, before any
 * signature work, as is an overall bound on the number of presentations.
 * @throws Oid4vpError `invalid_request` / `malformed`
 */
export function parseVpToken(vpToken: unknown, queries: readonly VpTokenQuery[]): Record<string, unknown[]> {
  let value = vpToken;
  if (typeof value === 'string') {
    if (value.length > MAX_VP_TOKEN_LENGTH) throw invalidRequest('malformed', 'vp_token is too large');
    try {
      value = JSON.parse(value);
    } catch {
      throw invalidRequest('malformed', 'vp_token is not a JSON object keyed by credential query id');
    }
  }
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw invalidRequest('malformed', 'vp_token must be a non-empty JSON object keyed by credential query id');
  }
  const out: Record<string, unknown[]> = {};
  let total = 0;
  for (const [id, entry] of Object.entries(value)) {
    const query = queries.find((candidate) => candidate.id === id);
    if (!query) throw invalidRequest('malformed', `vp_token answers an unknown credential query ${id}`);
    const presentations = Array.isArray(entry) ? entry : [entry];
    if (presentations.length === 0) throw invalidRequest('malformed', `vp_token has no presentation for credential query ${id}`);
    if (presentations.length > 1 && !query.multiple)
      throw invalidRequest('malformed', `credential query ${id} allows one presentation only`);
    total += presentations.length;
    if (total > MAX_PRESENTATIONS) throw invalidRequest('malformed', 'vp_token has too many presentations');
    out[id] = presentations;
  }
  return out;
}
