import { authorizationConfigSchema, type AuthorizationConfig } from './authorization-config.schema';
import type { IssuerConfig } from '../issuers/issuer-config.schema';

const DEFAULTS: AuthorizationConfig = authorizationConfigSchema.parse({});

/** The issuer's `authorization` settings with the defaults of API.md §11 (an issuer without the section gets them all). */
export function authorizationConfigOf(issuer: IssuerConfig): AuthorizationConfig {
  return (issuer.authorization as AuthorizationConfig | undefined) ?? DEFAULTS;
}
