import type { CredentialConfiguration, CredentialDisplay, Issuer, IssuerConfig } from './types';

/** What a new issuer starts with: one display entry to fill in, no credential configuration yet. */
export function newIssuerConfig(id = ''): IssuerConfig {
  return { id, display: [{ name: '', locale: 'en' }], credentialConfigurations: {} };
}

/** The editable body of an issuer: its answer without what the API adds (`credentialIssuer`, timestamps). */
export function configOf(issuer: Issuer): IssuerConfig {
  const { credentialIssuer: _ci, createdAt: _c, updatedAt: _u, ...config } = issuer;
  return config;
}

/** Renames a configuration in place (the order wallets list them in stays as it was). */
export function renameConfiguration(
  configurations: Record<string, CredentialConfiguration>,
  from: string,
  to: string,
): Record<string, CredentialConfiguration> {
  if (from === to || Object.hasOwn(configurations, to)) return configurations;
  return Object.fromEntries(Object.entries(configurations).map(([id, c]) => [id === from ? to : id, c]));
}

export function removeConfiguration(
  configurations: Record<string, CredentialConfiguration>,
  id: string,
): Record<string, CredentialConfiguration> {
  return Object.fromEntries(Object.entries(configurations).filter(([key]) => key !== id));
}

/** The configuration with one member of its first card display entry set (or removed, for an empty value). */
export function withCardField(
  configuration: CredentialConfiguration,
  field: 'name' | 'description' | 'background_color' | 'text_color' | 'logo',
  value: string,
): CredentialConfiguration {
  const metadata = configuration.credential_metadata ?? {};
  const [first, ...rest] = metadata.display ?? [];
  const entry: CredentialDisplay = { ...(first ?? { name: '' }) };
  if (field === 'logo') {
    if (value) entry.logo = { ...entry.logo, uri: value };
    else delete entry.logo;
  } else if (field === 'name') entry.name = value;
  else if (value) entry[field] = value;
  else delete entry[field];
  return { ...configuration, credential_metadata: { ...metadata, display: [entry, ...rest] } };
}

/** A top-level string member of a configuration set, or removed when empty (`scope`, `vct`, `doctype`). */
export function withMember(
  configuration: CredentialConfiguration,
  member: 'scope' | 'vct' | 'doctype',
  value: string,
): CredentialConfiguration {
  const next = { ...configuration };
  if (value) next[member] = value;
  else delete next[member];
  return next;
}

/** What a configuration issues: its `vct`, `doctype` or W3C types, for lists and cards. */
export function credentialType(configuration: CredentialConfiguration): string | undefined {
  if (configuration.vct) return configuration.vct;
  if (configuration.doctype) return configuration.doctype;
  const types = configuration.credential_definition?.type;
  return Array.isArray(types) ? types.join(', ') : undefined;
}

/** The display entry for `locale` (exact, then language, then English, then the first). */
export function pickDisplay<T extends { locale?: string }>(entries: T[] | undefined, locale?: string): T | undefined {
  if (!entries?.length) return undefined;
  const language = locale?.split('-')[0];
  return (
    entries.find((e) => e.locale === locale) ??
    entries.find((e) => language && e.locale?.split('-')[0] === language) ??
    entries.find((e) => e.locale?.split('-')[0] === 'en') ??
    entries[0]
  );
}

/** The name an issuer goes by in lists: its first display name, else its id. */
export const issuerName = (config: Pick<IssuerConfig, 'id' | 'display'>) => pickDisplay(config.display)?.name || config.id;
