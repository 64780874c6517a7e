import { Button, Group, Menu, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconTemplate } from '@tabler/icons-react';
import { configurationErrors } from './form-fields';
import { addTemplate, CREDENTIAL_TEMPLATES } from './credential-templates';
import { issuerName, removeConfiguration, renameConfiguration } from './issuer-config';
import { CredentialConfigurationCard } from './CredentialConfigurationCard';
import type { CredentialConfiguration } from './types';
import type { IssuerForm } from './use-issuer-form';

/**
 * `credentialConfigurations`: one card per configuration and starter templates to add. The whole map is set at once
 * (configuration ids may contain dots, which form paths would split), and a card's edit clears only its own errors.
 */
export function CredentialConfigurationsFields({ form, credentialIssuer }: { form: IssuerForm; credentialIssuer?: string }) {
  const configurations = form.values.credentialConfigurations ?? {};
  const ids = Object.keys(configurations);
  const set = (next: Record<string, CredentialConfiguration>, clearErrorsOf?: string) => {
    form.setFieldValue('credentialConfigurations', next);
    if (clearErrorsOf !== undefined) {
      const prefix = `credentialConfigurations.${clearErrorsOf}`;
      form.setErrors((current) =>
        Object.fromEntries(Object.entries(current).filter(([path]) => path !== prefix && !path.startsWith(`${prefix}.`))),
      );
    }
  };
  const generalError = form.errors.credentialConfigurations;

  return (
    <Stack gap="sm">
      {ids.length === 0 && (
        <Text size="sm" c={generalError ? 'red' : 'dimmed'}>
          No credential configuration yet: an issuer needs at least one. Add one from a template below and adjust it.
        </Text>
      )}
      {generalError && ids.length > 0 && (
        <Text size="sm" c="red">
          {generalError}
        </Text>
      )}
      {ids.map((id) => (
        <CredentialConfigurationCard
          key={id}
          id={id}
          configuration={configurations[id]}
          errors={configurationErrors(form.errors, id, ids)}
          otherIds={ids.filter((other) => other !== id)}
          credentialIssuer={credentialIssuer}
          issuerName={issuerName(form.values)}
          onChange={(configuration) => set({ ...configurations, [id]: configuration }, id)}
          onRename={(next) => set(renameConfiguration(configurations, id, next), id)}
          onRemove={() => set(removeConfiguration(configurations, id), id)}
        />
      ))}
      <Group>
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button variant="light" size="xs" leftSection={<IconTemplate size={14} />} rightSection={<IconChevronDown size={14} />}>
              Add credential configuration
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Start from a template</Menu.Label>
            {CREDENTIAL_TEMPLATES.map((template) => (
              <Menu.Item key={template.key} onClick={() => set(addTemplate(configurations, template).configurations)}>
                <Text size="sm">{template.label}</Text>
                <Text size="xs" c="dimmed" maw={360}>
                  {template.description}
                </Text>
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Stack>
  );
}
