import { SimpleGrid, Switch, Text, TextInput } from '@mantine/core';
import type { AuthorizationSettings } from './types';
import type { IssuerForm } from './use-issuer-form';

type Flag = 'requirePar' | 'requireDpop' | 'requireDpopNonce' | 'refreshTokens';

const FLAGS: { flag: Flag; label: string; description: string; byDefault: boolean }[] = [
  { flag: 'requirePar', label: 'Require pushed authorization requests', description: 'PAR (RFC 9126) before /authorize', byDefault: false },
  { flag: 'requireDpop', label: 'Require DPoP', description: 'Access tokens bound to the wallet key (RFC 9449)', byDefault: false },
  { flag: 'requireDpopNonce', label: 'Require DPoP nonces', description: 'DPoP proofs carry a server nonce', byDefault: false },
  { flag: 'refreshTokens', label: 'Refresh tokens', description: 'Issued with access tokens of the code flow', byDefault: true },
];

/**
 * The everyday switches of `authorization` (API.md §11); identity providers, redirect URIs, client attestation and an
 * external authorization server are edited in the JSON. A switch shows the API's default while the member is absent.
 */
export function AuthorizationFields({ form }: { form: IssuerForm }) {
  const settings: AuthorizationSettings = form.values.authorization ?? {};
  const set = (member: keyof AuthorizationSettings, value: unknown) => {
    const next = { ...settings, [member]: value };
    if (value === undefined) delete next[member];
    form.setFieldValue('authorization', Object.keys(next).length ? next : undefined);
  };
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {FLAGS.map(({ flag, label, description, byDefault }) => (
          <Switch
            key={flag}
            label={label}
            description={description}
            checked={settings[flag] ?? byDefault}
            onChange={(event) => set(flag, event.currentTarget.checked)}
            error={form.errors[`authorization.${flag}`]}
          />
        ))}
        <TextInput
          label="Access token lifetime"
          description="30 s to 24 h, e.g. 10m (the default)"
          placeholder="10m"
          value={settings.accessTokenTtl ?? ''}
          onChange={(event) => set('accessTokenTtl', event.currentTarget.value || undefined)}
          error={form.errors['authorization.accessTokenTtl']}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        Identity providers, redirect URIs, client attestation and an external authorization server: in the JSON (authorization).
      </Text>
    </>
  );
}
