import type { IssuerSummary, Profile } from './types';

/** The login method a profile uses for AUTHORIZED offers, as lists show it. */
export const authLabel = (profile: Pick<Profile, 'authentication'>) => profile.authentication?.method ?? 'None';

/** The format of the profile's credential configuration, or undefined when the issuer no longer has it. */
export const formatOf = (issuer: IssuerSummary | undefined, profile: Pick<Profile, 'credentialConfigurationId'>) =>
  issuer?.credentialConfigurations[profile.credentialConfigurationId]?.format;

/** The name an issuer goes by: its first display name, else its id. */
export const issuerLabel = (issuer: Pick<IssuerSummary, 'id' | 'display'>) => issuer.display?.[0]?.name || issuer.id;
