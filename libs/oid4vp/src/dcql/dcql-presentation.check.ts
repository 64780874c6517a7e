import { DcqlPresentationResult, type DcqlCredentialPresentation, type DcqlQuery } from 'dcql';
import { isPlainObject } from '@issuer/oauth2';
import { accessDenied, invalidRequest } from '../errors/oid4vp-error';

/** The first human-readable message inside the package's flattened issue tree. */
function firstMessage(issues: unknown): string | undefined {
  if (typeof issues === 'string') return issues;
  if (Array.isArray(issues)) return issues.map(firstMessage).find((m) => m !== undefined);
  if (isPlainObject(issues))
    return Object.values(issues)
      .map(firstMessage)
      .find((m) => m !== undefined);
  return undefined;
}

type QueryMatch = ReturnType<typeof DcqlPresentationResult.fromDcqlPresentation>['credential_matches'][string];

function whyNot(id: string, match: QueryMatch | undefined): string {
  if (!match) return `no presentation for credential query ${id}`;
  const failed = match.failed_credentials?.[0];
  const message =
    failed && firstMessage([failed.meta.success ? undefined : failed.meta.issues, failed.claims.success ? undefined : failed.claims]);
  return `presentation for credential query ${id} does not match the query${message ? `: ${message}` : ''}`;
}

/**
 * Checks verified presentations against the DCQL query (OpenID4VP 1.0 §6.4, §8.1) with the `dcql` package: each
 * presentation must match its credential query's format, `meta` (`vct_values`, `doctype_value`, `type_values`),
 * claims, claim sets and values, with holder binding; `multiple: false` queries get exactly one presentation; and
 * the required credential queries or credential sets are all answered. Refusal is `access_denied` /
 * `dcql_not_satisfied` (the wallet disclosed too little or the wrong credential).
 */
export function checkDcqlSatisfied(query: DcqlQuery.Output, presentations: Record<string, DcqlCredentialPresentation[]>): void {
  let result: ReturnType<typeof DcqlPresentationResult.fromDcqlPresentation>;
  try {
    result = DcqlPresentationResult.fromDcqlPresentation(presentations, { dcqlQuery: query });
  } catch (cause) {
    // Thrown for structural violations such as several presentations for a query without `multiple`.
    throw invalidRequest('malformed', cause instanceof Error ? cause.message : 'vp_token does not fit the DCQL query', cause);
  }
  if (result.can_be_satisfied) return;
  const failing = query.credentials.find((credential) => {
    const match = result.credential_matches[credential.id];
    return presentations[credential.id] !== undefined ? !match?.success || match.failed_credentials !== undefined : false;
  });
  if (failing) throw accessDenied('dcql_not_satisfied', whyNot(failing.id, result.credential_matches[failing.id]));
  throw accessDenied('dcql_not_satisfied', 'vp_token does not answer every required credential query of the DCQL query');
}
