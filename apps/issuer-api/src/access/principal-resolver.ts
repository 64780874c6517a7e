import type { Principal } from './principal';

/**
 * One way of turning a bearer credential into a principal. Resolvers are asked in order: one answers undefined
 * for a credential that is not its kind (so the next is asked), and throws UNAUTHORIZED for one of its kind that
 * fails (a revoked API key, a token with a bad signature). The OIDC resolver (single sign-on) joins the list
 * provided as PRINCIPAL_RESOLVERS in access.wiring.ts.
 */
export interface PrincipalResolver {
  resolve(bearer: string): Promise<Principal | undefined>;
}

export const PRINCIPAL_RESOLVERS = Symbol('PRINCIPAL_RESOLVERS');
