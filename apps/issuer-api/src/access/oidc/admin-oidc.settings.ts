import { z } from 'zod';
import { OutboundGuard, type OutboundAllowList } from '@issuer/platform';

/** Single sign-on for the admin API (API.md §13): whose JWT access tokens are accepted, and where their claims are. */
export interface AdminOidcSettings {
  /** ADMIN_OIDC_ISSUER: compared exactly with the tokens' `iss`; discovery at `{issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** ADMIN_OIDC_AUDIENCE: a token's `aud` must contain it (so tokens the provider issued for other services are refused). */
  audience: string;
  /** ADMIN_OIDC_ROLES_CLAIM as names: `realm_access.roles` → ['realm_access', 'roles']. */
  rolesClaim: string[];
  /** ADMIN_OIDC_ISSUERS_CLAIM as names. */
  issuersClaim: string[];
}

/** Claim names separated by dots: names themselves cannot contain a dot (Keycloak's realm and client roles need none). */
const CLAIM_PATH = /^[^.\s]{1,200}(\.[^.\s]{1,200}){0,9}$/;

/** ADMIN_OIDC_ROLES_CLAIM / ADMIN_OIDC_ISSUERS_CLAIM: a dot path into the token's claims. */
export const claimPathEnv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((path) => CLAIM_PATH.test(path), 'must be a claim name or a dot path of claim names, like realm_access.roles')
    .transform((path) => path.split('.'));

/** ADMIN_OIDC_ISSUER: the issuer identifier as the provider writes it in `iss` (no normalisation: it is compared exactly). */
export const oidcIssuerEnv = z
  .string()
  .optional()
  .refine(
    (value) => value === undefined || isIssuerUrl(value),
    'must be an http(s) URL without user info, query or fragment: the exact iss of the tokens (e.g. https://keycloak.example/realms/acme)',
  );

function isIssuerUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash;
}

interface AdminOidcEnv {
  ADMIN_OIDC_ISSUER?: string;
  ADMIN_OIDC_AUDIENCE?: string;
  OUTBOUND_ALLOWED_HOSTS?: OutboundAllowList;
}

/**
 * The rules between the variables, checked at boot: an issuer needs an audience (without one, any token the provider
 * issues for any service would open the admin API); an audience without an issuer is a typo that would leave single
 * sign-on off unnoticed; `http` only toward a host of OUTBOUND_ALLOWED_HOSTS, as for every outbound protocol call.
 */
export function checkAdminOidcEnv(env: AdminOidcEnv, ctx: z.RefinementCtx): void {
  const issuer = env.ADMIN_OIDC_ISSUER;
  if (issuer === undefined) {
    if (env.ADMIN_OIDC_AUDIENCE !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_OIDC_AUDIENCE'],
        message: 'is set but ADMIN_OIDC_ISSUER is not (single sign-on stays off)',
      });
    return;
  }
  if (env.ADMIN_OIDC_AUDIENCE === undefined)
    ctx.addIssue({ code: 'custom', path: ['ADMIN_OIDC_AUDIENCE'], message: 'is required when ADMIN_OIDC_ISSUER is set' });
  const url = URL.canParse(issuer) ? new URL(issuer) : undefined;
  if (url?.protocol === 'http:' && !(env.OUTBOUND_ALLOWED_HOSTS && new OutboundGuard(env.OUTBOUND_ALLOWED_HOSTS).isListed(url.hostname)))
    ctx.addIssue({
      code: 'custom',
      path: ['ADMIN_OIDC_ISSUER'],
      message: `must be https (http only for a host in OUTBOUND_ALLOWED_HOSTS, and ${url.hostname} is not)`,
    });
}

/** The settings, or undefined when single sign-on is off. */
export function adminOidcSettingsOf(env: {
  ADMIN_OIDC_ISSUER?: string;
  ADMIN_OIDC_AUDIENCE?: string;
  ADMIN_OIDC_ROLES_CLAIM: string[];
  ADMIN_OIDC_ISSUERS_CLAIM: string[];
}): AdminOidcSettings | undefined {
  if (env.ADMIN_OIDC_ISSUER === undefined || env.ADMIN_OIDC_AUDIENCE === undefined) return undefined;
  return {
    issuer: env.ADMIN_OIDC_ISSUER,
    audience: env.ADMIN_OIDC_AUDIENCE,
    rolesClaim: env.ADMIN_OIDC_ROLES_CLAIM,
    issuersClaim: env.ADMIN_OIDC_ISSUERS_CLAIM,
  };
}
