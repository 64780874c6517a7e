import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '@issuer/platform';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../../issuer-api.config';
import type { Principal } from '../principal';
import type { PrincipalResolver } from '../principal-resolver';
import { AdminIdentityProvider } from './admin-identity-provider';
import type { AdminOidcSettings } from './admin-oidc.settings';
import { oidcPrincipal } from './oidc-principal.claims';

/** Asymmetric algorithms only: never `none` or HMAC (whose key would be a secret shared with every client). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Clock skew tolerated on `exp`, `nbf` and `iat` between the provider and this replica. */
const CLOCK_TOLERANCE_SECONDS = 30;
/**
 * Header `typ` values of access tokens: RFC 9068's, and the plain `JWT` of Keycloak and Entra ID (absent is allowed
 * too). Another type (a logout token, `dpop+jwt`...) is a different kind of token of the same provider.
 */
const ACCESS_TOKEN_TYPES = ['at+jwt', 'application/at+jwt', 'jwt'];
/** Keycloak also writes the token kind in the payload's `typ`: its ID and refresh tokens are no access tokens. */
const KEYCLOAK_ACCESS_TOKEN_TYP = 'Bearer';

/**
 * Single sign-on for the admin API (API.md §13): a JWT access token of the ADMIN_OIDC_ISSUER provider, verified with
 * jose against the provider's JWKS (asymmetric algorithms, `iss` exactly, `aud` containing ADMIN_OIDC_AUDIENCE,
 * `exp`/`nbf` with a small skew), becomes an `oidc` principal. Asked after the admin and API keys: a bearer that is
 * not a JWT naming this provider as `iss` (an API key, a token of another issuer) is not its kind and costs no
 * network call; one that does and fails is a 401; an unreachable provider is a 503 with Retry-After.
 */
@Injectable()
export class OidcAccessTokenResolver implements PrincipalResolver {
  private readonly settings?: AdminOidcSettings;

  constructor(
    @Inject(ISSUER_API_CONFIG) config: IssuerApiConfig,
    @Inject(AdminIdentityProvider) private readonly provider: AdminIdentityProvider,
  ) {
    this.settings = config.adminOidc;
  }

  async resolve(bearer: string): Promise<Principal | undefined> {
    const settings = this.settings;
    if (!settings || unverifiedIssuer(bearer) !== settings.issuer) return undefined;
    const keys = await this.provider.keys(settings);
    let payload: JWTPayload;
    let typ: string | undefined;
    try {
      ({
        payload,
        protectedHeader: { typ },
      } = await jwtVerify(bearer, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof AppError) throw error; // the provider's keys could not be fetched: 503
      throw new AppError('UNAUTHORIZED', `The access token is not valid: ${reasonOf(error)}`, undefined, { cause: error });
    }
    if (typ !== undefined && !ACCESS_TOKEN_TYPES.includes(typ.toLowerCase()))
      throw new AppError('UNAUTHORIZED', `The access token is not valid: a token of type ${typ} is no access token`);
    if (payload['typ'] !== undefined && payload['typ'] !== KEYCLOAK_ACCESS_TOKEN_TYP)
      throw new AppError('UNAUTHORIZED', `The access token is not valid: a token of kind ${String(payload['typ'])} is no access token`);
    return oidcPrincipal(payload, settings);
  }
}

/** The `iss` a bearer claims, read without verifying anything; undefined when it is not a JWT. */
function unverifiedIssuer(bearer: string): unknown {
  try {
    return decodeJwt(bearer).iss;
  } catch {
    return undefined;
  }
}

/** jose's own wording (which claim or check failed); it never contains the token. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_') && error instanceof Error ? error.message : 'it could not be verified';
}
