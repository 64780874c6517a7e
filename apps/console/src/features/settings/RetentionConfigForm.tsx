import { useState } from 'react';
import { Button, Card, Group, NumberInput, SimpleGrid, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { put } from '../../api/client';
import { applyApiError, notifySaved } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { settingsKeys } from './settings-api';
import type { RetentionConfig } from './types';

/** Edits the deployment-wide RetentionConfig (`PUT /api/v1/retention`); a refusal names its field and keeps the form. */
export function RetentionConfigForm({ config }: { config: RetentionConfig }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string>();
  const form = useForm<RetentionConfig & Record<string, unknown>>({ initialValues: editable(config) });
  const save = useMutation({
    mutationFn: (values: RetentionConfig) =>
      put<RetentionConfig>('/retention', {
        enabled: values.enabled,
        maxIssuerSessionAge: values.maxIssuerSessionAge.trim(),
        schedule: values.schedule.trim(),
        dryRun: values.dryRun,
        maxDeletePerRun: Number(values.maxDeletePerRun),
        ...(values.timezone?.trim() ? { timezone: values.timezone.trim() } : {}),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKeys.retention, saved);
      form.setInitialValues(editable(saved));
      form.setValues(editable(saved));
      setMessage(undefined);
      notifySaved('Retention settings saved');
    },
    onError: (error) => setMessage(applyApiError(form, error)),
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="retention-config-title">
      <Title order={4} id="retention-config-title" mb="sm">
        Settings
      </Title>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="sm">
          <Switch
            label="Run on the schedule"
            description="Off: runs only when started here"
            {...form.getInputProps('enabled', { type: 'checkbox' })}
          />
          <Switch
            label="Dry run by default"
            description="Scheduled runs and runs without a choice only report what they would delete"
            {...form.getInputProps('dryRun', { type: 'checkbox' })}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Maximum session age"
              description="Older sessions are deleted: 30d, 12h, 1w…"
              {...form.getInputProps('maxIssuerSessionAge')}
            />
            <TextInput
              label="Schedule"
              description="Cron, e.g. 0 3 * * * (03:00 daily), or @daily, @weekly…"
              {...form.getInputProps('schedule')}
            />
            <TextInput
              label="Time zone"
              description="IANA name the schedule is read in, e.g. Europe/Berlin; empty: UTC"
              {...form.getInputProps('timezone')}
            />
            <NumberInput
              label="Maximum deletions per run"
              min={1}
              max={100000}
              allowDecimal={false}
              {...form.getInputProps('maxDeletePerRun')}
            />
          </SimpleGrid>
          {message && <ErrorAlert error={save.error} title={message} showFields={false} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
              Discard changes
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** The form's values: an absent time zone is an empty field (a controlled input needs a string). */
function editable(config: RetentionConfig): RetentionConfig {
  return { ...config, timezone: config.timezone ?? '' };
}
