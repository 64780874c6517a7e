import { ActionIcon, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { textField } from './form-fields';
import type { IssuerForm } from './use-issuer-form';
import type { IssuerDisplay, Logo } from './types';

/** `display[]`: how wallets name the issuer, one entry per language. */
export function IssuerDisplayFields({ form }: { form: IssuerForm }) {
  const entries = form.values.display ?? [];
  const setEntries = (next: IssuerDisplay[]) => form.setFieldValue('display', next.length ? next : undefined);
  const setLogo = (index: number, patch: Partial<Logo>) => {
    const logo = { uri: '', ...entries[index].logo, ...patch };
    const next = logo.uri || logo.alt_text ? { uri: logo.uri, ...(logo.alt_text ? { alt_text: logo.alt_text } : {}) } : undefined;
    form.setFieldValue(`display.${index}.logo`, next);
  };
  return (
    <Stack gap="sm">
      {entries.length === 0 && (
        <Text size="sm" c="dimmed">
          No display entry: wallets show the issuer by its URL. Add one with a name (and a logo).
        </Text>
      )}
      {entries.map((entry, index) => (
        <Paper key={index} withBorder p="sm">
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={500}>
              Display {index + 1}
            </Text>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove display ${index + 1}`}
              onClick={() => setEntries(entries.filter((_, i) => i !== index))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Issuer name" required {...textField(form, `display.${index}.name`, false)} />
            <TextInput
              label="Locale"
              placeholder="en"
              description="BCP 47, e.g. en or de-CH"
              {...textField(form, `display.${index}.locale`)}
            />
            <TextInput
              label="Logo URI"
              placeholder="https://…/logo.png"
              value={entry.logo?.uri ?? ''}
              error={form.errors[`display.${index}.logo.uri`] ?? form.errors[`display.${index}.logo`]}
              onChange={(event) => setLogo(index, { uri: event.currentTarget.value })}
            />
            <TextInput
              label="Logo alt text"
              value={entry.logo?.alt_text ?? ''}
              error={form.errors[`display.${index}.logo.alt_text`]}
              onChange={(event) => setLogo(index, { alt_text: event.currentTarget.value || undefined })}
            />
          </SimpleGrid>
        </Paper>
      ))}
      <Group>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEntries([...entries, { name: '' }])}>
          Add display entry
        </Button>
      </Group>
    </Stack>
  );
}
