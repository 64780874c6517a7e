import { useState } from 'react';
import { Alert, Badge, Button, Fieldset, Group, Stack, Tabs } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/api-error';
import { post, put } from '../../api/client';
import { applyApiError } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AuthorizationFields } from './AuthorizationFields';
import { CredentialConfigurationsFields } from './CredentialConfigurationsFields';
import { cleanConfig } from './issuer-config';
import { IssuerBasicsFields } from './IssuerBasicsFields';
import { IssuerDisplayFields } from './IssuerDisplayFields';
import { IssuerJsonPanel } from './IssuerJsonPanel';
import { IssuerKeysFields } from './IssuerKeysFields';
import { issuerPath } from './issuers-api';
import { useIssuerConfigSchema } from './issuer-schema';
import type { Issuer, IssuerConfig } from './types';
import { useIssuerForm } from './use-issuer-form';

export interface IssuerEditorProps {
  /** `undefined`: a new issuer (POST); else the id of the issuer edited (PUT). */
  issuerId?: string;
  initial: IssuerConfig;
  credentialIssuer?: string;
  /** Ids a new issuer may take (`'*'`: any). */
  allowedIds?: '*' | string[];
  cancelTo: string;
  onSaved: (issuer: Issuer) => void;
}

/**
 * Creates or edits an issuer: a form for the common members and the whole body as JSON, kept in sync
 * (use-issuer-form.ts). A refused save leaves both as they were, with the API's problems at their fields, listed
 * in the JSON tab, and the general message next to the save button.
 */
export function IssuerEditor({ issuerId, initial, credentialIssuer, allowedIds = '*', cancelTo, onSaved }: IssuerEditorProps) {
  const editing = issuerId !== undefined;
  const { form, jsonText, jsonError, editJson } = useIssuerForm(initial);
  const schema = useIssuerConfigSchema(editing ? 'put' : 'post');
  const [tab, setTab] = useState<string | null>('form');
  const [message, setMessage] = useState<string>();
  const [saveError, setSaveError] = useState<unknown>();
  const save = useMutation({
    mutationFn: (body: IssuerConfig) => (editing ? put<Issuer>(issuerPath(issuerId), body) : post<Issuer>('/issuers', body)),
  });
  const problems = saveError instanceof ApiError ? saveError.errors.length : 0;

  const submit = () => {
    if (jsonError) {
      setMessage(`The JSON is not valid, so nothing was sent: ${jsonError}`);
      setTab('json');
      return;
    }
    setMessage(undefined);
    setSaveError(undefined);
    save.mutate(cleanConfig(form.getValues()), {
      onSuccess: onSaved,
      onError: (error) => {
        setSaveError(error);
        setMessage(applyApiError(form, error));
      },
    });
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate aria-label={editing ? `Edit issuer ${issuerId}` : 'New issuer'}>
      <Tabs value={tab} onChange={setTab} keepMounted keepMountedMode="display-none">
        <Tabs.List mb="md">
          <Tabs.Tab value="form">Form</Tabs.Tab>
          <Tabs.Tab
            value="json"
            rightSection={
              jsonError || problems ? (
                <Badge size="xs" color="red" circle>
                  {jsonError ? '!' : problems}
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
            <Stack gap="lg">
              <Fieldset legend="Issuer">
                <IssuerBasicsFields form={form} editing={editing} allowedIds={allowedIds} />
              </Fieldset>
              <Fieldset legend="Display">
                <IssuerDisplayFields form={form} />
              </Fieldset>
              <Fieldset legend="Credential configurations">
                <CredentialConfigurationsFields
                  form={form}
                  credentialIssuer={credentialIssuer ?? `${window.location.origin}/issuers/${form.values.id || '{id}'}`}
                />
              </Fieldset>
              <Fieldset legend="Keys">
                <IssuerKeysFields form={form} />
              </Fieldset>
              <Fieldset legend="Authorization">
                <AuthorizationFields form={form} />
              </Fieldset>
            </Stack>
          </Fieldset>
        </Tabs.Panel>
        <Tabs.Panel value="json">
          <IssuerJsonPanel
            value={jsonText}
            onChange={editJson}
            schema={schema.data ?? undefined}
            parseError={jsonError}
            saveError={saveError}
          />
        </Tabs.Panel>
      </Tabs>
      <Stack gap="sm" mt="lg">
        {message && <ErrorAlert error={new Error(message)} title="Not saved" showFields={false} />}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {editing ? 'Save changes' : 'Create issuer'}
          </Button>
          <Button variant="default" component={Link} to={cancelTo}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
