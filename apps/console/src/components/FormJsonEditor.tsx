import type { ReactNode } from 'react';
import { Alert, Badge, Button, Fieldset, Group, Stack, Tabs } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { Link } from 'react-router-dom';
import { ErrorAlert } from './ErrorAlert';
import { FormJsonPanel, type FormJsonPanelProps } from './FormJsonPanel';
import type { FormJsonSaveState } from './use-form-json-sync';

export interface FormJsonEditorProps<T extends Record<string, unknown>> {
  form: UseFormReturnType<T>;
  /** The form's accessible name ("New issuer", "Edit profile p1"). */
  'aria-label': string;
  /** From useFormJsonSave. */
  save: FormJsonSaveState;
  /** The JSON tab (FormJsonPanel); its saveError is the last refused save's. */
  json: Omit<FormJsonPanelProps, 'saveError'>;
  submitLabel: string;
  cancelTo: string;
  /** The form tab's fields. */
  children: ReactNode;
}

/**
 * A body edited in a form tab and a JSON tab kept in sync (useFormJsonSync), saved with useFormJsonSave: the JSON
 * tab's badge counts the last save's problems ("!" while the JSON does not parse), the form waits while the JSON does
 * not parse, and the general message of a refused save stands next to the save button.
 */
export function FormJsonEditor<T extends Record<string, unknown>>({
  form,
  save,
  json,
  submitLabel,
  cancelTo,
  children,
  ...rest
}: FormJsonEditorProps<T>) {
  const jsonError = json.parseError;
  return (
    <form onSubmit={form.onSubmit(save.submit)} noValidate aria-label={rest['aria-label']}>
      {/* display-none rather than Activity: the hidden JSON editor stays a live editor that follows the form. */}
      <Tabs value={save.tab} onChange={save.setTab} keepMounted keepMountedMode="display-none">
        <Tabs.List mb="md">
          <Tabs.Tab value="form">Form</Tabs.Tab>
          <Tabs.Tab
            value="json"
            rightSection={
              jsonError || save.problems ? (
                <Badge size="xs" color="red" circle>
                  {jsonError ? '!' : save.problems}
                </Badge>
              ) : undefined
            }
          >
            JSON
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="form">
          {jsonError && (
            <Alert color="yellow" mb="md" title="The JSON does not parse">
              The form shows the last valid version and waits until the JSON is fixed, so that no edit is lost.
            </Alert>
          )}
          <Fieldset variant="unstyled" disabled={Boolean(jsonError)}>
            <Stack gap="lg">{children}</Stack>
          </Fieldset>
        </Tabs.Panel>
        <Tabs.Panel value="json">
          <FormJsonPanel {...json} saveError={save.saveError} />
        </Tabs.Panel>
      </Tabs>
      <Stack gap="sm" mt="lg">
        {save.message && <ErrorAlert error={new Error(save.message)} title="Not saved" showFields={false} />}
        <Group>
          <Button type="submit" loading={save.saving}>
            {submitLabel}
          </Button>
          <Button variant="default" component={Link} to={cancelTo}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
