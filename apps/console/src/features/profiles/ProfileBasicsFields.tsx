import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useAuth } from '../../auth/AuthProvider';
import { canOnPlatform } from '../../auth/roles';
import { useKeys } from './profiles-api';
import type { IssuerSummary, Key } from './types';
import { memberError, setMember, textMember, type ProfileForm } from './use-profile-form';

const keyLabel = (key: Key) =>
  `${key.name ?? 'Unnamed'} · ${key.type} · ${key.alg} · ${key.keyId.slice(0, 8)}${key.status === 'DISABLED' ? ' (disabled)' : ''}`;

/**
 * Name, id, credential configuration and signing key. Only keys the API would accept are offered (API.md §13: the
 * issuer's own, or the platform's for a platform-wide principal); a key already set but not offered stays selectable.
 */
export function ProfileBasicsFields({ form, issuer, editing }: { form: ProfileForm; issuer: IssuerSummary; editing: boolean }) {
  const { principal } = useAuth();
  const keys = useKeys();
  const values = form.getValues();
  const configurations = Object.entries(issuer.credentialConfigurations).map(([id, c]) => ({ value: id, label: `${id} (${c.format})` }));
  if (values.credentialConfigurationId && !issuer.credentialConfigurations[values.credentialConfigurationId])
    configurations.push({ value: values.credentialConfigurationId, label: `${values.credentialConfigurationId} (not in this issuer)` });

  const own = (keys.data ?? []).filter((k) => k.issuerId === issuer.id);
  const platform = canOnPlatform(principal, 'issuer-admin') ? (keys.data ?? []).filter((k) => k.issuerId === undefined) : [];
  const offered = new Set([...own, ...platform].map((k) => k.keyId));
  const keyData = [
    ...(own.length ? [{ group: `Keys of ${issuer.id}`, items: own.map((k) => ({ value: k.keyId, label: keyLabel(k) })) }] : []),
    ...(platform.length ? [{ group: 'Platform keys', items: platform.map((k) => ({ value: k.keyId, label: keyLabel(k) })) }] : []),
    ...(values.issuerKeyId && !offered.has(values.issuerKeyId)
      ? [{ group: 'Set in the profile', items: [{ value: values.issuerKeyId, label: values.issuerKeyId }] }]
      : []),
  ];

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput label="Name" description="How the console and the API list this profile" required {...textMember(form, 'name', false)} />
      {editing ? null : (
        <TextInput
          label="Profile id"
          description="Optional; letters, digits, . _ - (a UUID when left empty)"
          {...textMember(form, 'id')}
          autoComplete="off"
        />
      )}
      <Select
        label="Credential configuration"
        description="What the credentials of this profile are (the issuer's configurations)"
        required
        data={configurations}
        value={values.credentialConfigurationId || null}
        onChange={(next) => setMember(form, 'credentialConfigurationId', next ?? '')}
        error={memberError(form, 'credentialConfigurationId')}
        placeholder={configurations.length ? 'Choose one' : 'The issuer has no credential configuration yet'}
        searchable
        // Required: a click on the chosen option must not clear it (Mantine's default deselects).
        allowDeselect={false}
        nothingFoundMessage="No such configuration"
      />
      <Select
        label="Signing key"
        description="The kms key that signs the credentials"
        required
        data={keyData}
        value={values.issuerKeyId || null}
        onChange={(next) => setMember(form, 'issuerKeyId', next ?? '')}
        error={memberError(form, 'issuerKeyId') ?? (keys.isError ? 'The keys could not be listed' : undefined)}
        placeholder={keys.isPending ? 'Loading keys…' : keyData.length ? 'Choose a key' : 'No key available: create one under Keys'}
        searchable
        allowDeselect={false}
        nothingFoundMessage="No such key"
      />
    </SimpleGrid>
  );
}
