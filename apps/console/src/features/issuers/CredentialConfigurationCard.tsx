import { useState } from 'react';
import { ActionIcon, Badge, ColorInput, Grid, Group, List, Paper, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { withCardField, withMember } from './issuer-config';
import type { CredentialConfiguration } from './types';
import { WalletCard } from './WalletCard';

export interface CredentialConfigurationCardProps {
  id: string;
  configuration: CredentialConfiguration;
  /** The API's errors for this configuration, by member path inside it. */
  errors: Record<string, string>;
  /** Ids of the other configurations (a rename must not take one of them). */
  otherIds: string[];
  credentialIssuer?: string;
  issuerName?: string;
  onChange: (configuration: CredentialConfiguration) => void;
  onRename: (id: string) => void;
  onRemove: () => void;
}

const CARD_FIELDS = ['name', 'description', 'background_color', 'text_color', 'logo'] as const;
const SHOWN = new Set([
  'format',
  'scope',
  'vct',
  'doctype',
  'credential_definition',
  'credential_definition.type',
  ...CARD_FIELDS.map((f) => `credential_metadata.display.0.${f}`),
  'credential_metadata.display.0.logo.uri',
]);

/**
 * One credential configuration in the form: its id, what it issues and its wallet card (first display entry) next to
 * a live preview; claims, binding and proof types stay in the JSON. API errors of members shown here appear at them,
 * the others in a list under the card, so none is hidden.
 */
export function CredentialConfigurationCard(props: CredentialConfigurationCardProps) {
  const { id, configuration, errors, otherIds, onChange, onRemove } = props;
  const [draftId, setDraftId] = useState(id);
  const [idError, setIdError] = useState<string>();
  const display = configuration.credential_metadata?.display?.[0];
  const claims = configuration.credential_metadata?.claims?.length ?? 0;
  const cardError = (field: (typeof CARD_FIELDS)[number]) =>
    errors[`credential_metadata.display.0.${field}`] ?? (field === 'logo' ? errors['credential_metadata.display.0.logo.uri'] : undefined);
  const others = Object.entries(errors).filter(([path]) => !SHOWN.has(path));

  const commitId = () => {
    const next = draftId.trim();
    if (next === id) return setIdError(undefined);
    if (!/^[\w.:-]{1,128}$/.test(next)) return setIdError('1-128 letters, digits or _ . : -');
    if (otherIds.includes(next)) return setIdError('Another configuration has this id');
    setIdError(undefined);
    props.onRename(next);
  };

  return (
    <Paper withBorder p="sm" data-testid={`configuration-${id}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="xs">
          <Badge variant="light" tt="none">
            {configuration.format ?? 'no format'}
          </Badge>
          <Text fw={600} size="sm">
            {id}
          </Text>
        </Group>
        <ActionIcon variant="subtle" color="red" aria-label={`Remove configuration ${id}`} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
      {(errors.format || errors['']) && (
        <Text c="red" size="sm" mb="xs">
          {errors.format ?? errors['']}
        </Text>
      )}
      {/* Container breakpoints: the card splits into fields and preview only where it is wide (not on a tablet). */}
      <Grid gap="md" type="container" breakpoints={{ xs: '320px', sm: '420px', md: '720px', lg: '900px', xl: '1100px' }}>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="xs">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <TextInput
                label="Configuration id"
                value={draftId}
                onChange={(event) => setDraftId(event.currentTarget.value)}
                onBlur={commitId}
                onKeyDown={(event) => event.key === 'Enter' && (event.preventDefault(), commitId())}
                error={idError}
              />
              <TextInput
                label="Scope"
                value={configuration.scope ?? ''}
                onChange={(event) => onChange(withMember(configuration, 'scope', event.currentTarget.value))}
                error={errors.scope}
              />
            </SimpleGrid>
            <TypeField {...props} />
            <TextInput
              label="Card name"
              required
              value={display?.name ?? ''}
              onChange={(event) => onChange(withCardField(configuration, 'name', event.currentTarget.value))}
              error={cardError('name')}
            />
            <TextInput
              label="Card description"
              value={display?.description ?? ''}
              onChange={(event) => onChange(withCardField(configuration, 'description', event.currentTarget.value))}
              error={cardError('description')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <ColorInput
                label="Background colour"
                format="hex"
                value={display?.background_color ?? ''}
                onChange={(value) => onChange(withCardField(configuration, 'background_color', value))}
                error={cardError('background_color')}
              />
              <ColorInput
                label="Text colour"
                format="hex"
                value={display?.text_color ?? ''}
                onChange={(value) => onChange(withCardField(configuration, 'text_color', value))}
                error={cardError('text_color')}
              />
            </SimpleGrid>
            <TextInput
              label="Card logo URI"
              placeholder="https://…/logo.png"
              value={display?.logo?.uri ?? ''}
              onChange={(event) => onChange(withCardField(configuration, 'logo', event.currentTarget.value))}
              error={cardError('logo')}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="xs">
            <WalletCard display={display} fallbackName={id} issuerName={props.issuerName} />
            <Text size="xs" c="dimmed">
              {claims} claim{claims === 1 ? '' : 's'} described; claims, binding methods and proof types are edited in the JSON.
            </Text>
          </Stack>
        </Grid.Col>
      </Grid>
      {others.length > 0 && (
        <List size="sm" c="red" mt="xs" aria-label={`Other problems of ${id}`}>
          {others.map(([path, message]) => (
            <List.Item key={path}>
              <code>{path || id}</code>: {message}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

/** What the configuration issues, by format: `vct` (SD-JWT VC), `doctype` (mdoc) or the W3C types. */
function TypeField({ id, configuration, errors, credentialIssuer, onChange }: CredentialConfigurationCardProps) {
  if (configuration.format === 'mso_mdoc')
    return (
      <TextInput
        label="Document type (doctype)"
        required
        value={configuration.doctype ?? ''}
        onChange={(event) => onChange(withMember(configuration, 'doctype', event.currentTarget.value))}
        error={errors.doctype}
      />
    );
  if (configuration.format === 'jwt_vc_json')
    return (
      <TagsInput
        label="Credential types"
        description="credential_definition.type; Enter adds a type"
        value={configuration.credential_definition?.type ?? []}
        onChange={(type) => onChange({ ...configuration, credential_definition: { ...configuration.credential_definition, type } })}
        error={errors['credential_definition.type'] ?? errors.credential_definition}
      />
    );
  return (
    <TextInput
      label="Type (vct)"
      placeholder={`${credentialIssuer ?? '{credential issuer}'}/types/${id}`}
      description="Empty: this issuer's Type Metadata URL (the placeholder)"
      value={configuration.vct ?? ''}
      onChange={(event) => onChange(withMember(configuration, 'vct', event.currentTarget.value))}
      error={errors.vct}
    />
  );
}
