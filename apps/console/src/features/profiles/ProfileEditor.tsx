import { useRef, useState } from 'react';
import { Alert, Badge, Button, Fieldset, Group, Stack, Tabs } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/api-error';
import { post, put } from '../../api/client';
import { applyApiError } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AuthenticationFields } from './AuthenticationFields';
import { CredentialDataFields } from './CredentialDataFields';
import { NotificationFields } from './NotificationFields';
import { cleanBody } from './profile-body';
import { ProfileBasicsFields } from './ProfileBasicsFields';
import { ProfileJsonPanel } from './ProfileJsonPanel';
import { profilePath, profilesPath, useProfileSchema } from './profiles-api';
import { SigningIdentityFields } from './SigningIdentityFields';
import { StatusFields } from './StatusFields';
import type { IssuerSummary, Profile, ProfileBody } from './types';
import { useProfileForm } from './use-profile-form';
import { ValidityFields } from './ValidityFields';

export interface ProfileEditorProps {
  issuer: IssuerSummary;
  /** `undefined`: a new profile (POST); else the id of the profile edited (PUT, a new version). */
  profileId?: string;
  initial: ProfileBody;
  cancelTo: string;
  onSaved: (profile: Profile) => void;
}

/**
 * Creates or edits a profile: a form for the common members and the whole body as JSON, kept in sync
 * (use-profile-form.ts). A refused save leaves both as they were, with the API's problems at their fields, listed in
 * the JSON tab, and the general message next to the save button.
 */
export function ProfileEditor({ issuer, profileId, initial, cancelTo, onSaved }: ProfileEditorProps) {
  const editing = profileId !== undefined;
  const { form, jsonText, jsonError, editJson } = useProfileForm(initial);
  const schema = useProfileSchema();
  const [tab, setTab] = useState<string | null>('form');
  const [message, setMessage] = useState<string>();
  const [saveError, setSaveError] = useState<unknown>();
  // JSON members of the form whose text does not parse yet: their last good value is in the form, so nothing is sent.
  // A ref as well as state: an editor reports from outside React's events, and a save may come before the re-render.
  const unparsed = useRef<Record<string, string>>({});
  const [, setUnparsedShown] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: ProfileBody) =>
      editing ? put<Profile>(profilePath(issuer.id, profileId), body) : post<Profile>(profilesPath(issuer.id), body),
  });
  const problems = saveError instanceof ApiError ? saveError.errors.length : 0;
  const format = issuer.credentialConfigurations[form.getValues().credentialConfigurationId]?.format;

  const onValidity = (field: string, error: string | undefined) => {
    const { [field]: _previous, ...rest } = unparsed.current;
    unparsed.current = error ? { ...rest, [field]: error } : rest;
    setUnparsedShown(unparsed.current);
  };
  // The whole body replaced from the JSON tab replaces those members' texts too.
  const onJsonEdit = (text: string) => {
    unparsed.current = {};
    setUnparsedShown({});
    editJson(text);
  };

  const submit = () => {
    if (jsonError) {
      setMessage(`The JSON is not valid, so nothing was sent: ${jsonError}`);
      setTab('json');
      return;
    }
    const pending = Object.keys(unparsed.current);
    if (pending.length) {
      setMessage(`Nothing was sent: ${pending.join(', ')} ${pending.length > 1 ? 'are' : 'is'} not valid JSON yet.`);
      return;
    }
    setMessage(undefined);
    setSaveError(undefined);
    save.mutate(cleanBody(form.getValues()), {
      onSuccess: onSaved,
      onError: (error) => {
        setSaveError(error);
        setMessage(applyApiError(form, error));
      },
    });
  };

  return (
    <form onSubmit={(event) => form.onSubmit(submit)(event)} noValidate aria-label={editing ? `Edit profile ${profileId}` : 'New profile'}>
      {/* display-none rather than Activity: the hidden JSON editor stays a live editor that follows the form. */}
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
              <Fieldset legend="Profile">
                <ProfileBasicsFields form={form} issuer={issuer} editing={editing} />
              </Fieldset>
              <Fieldset legend="Credential data">
                <CredentialDataFields form={form} format={format} schema={schema.data ?? undefined} onValidity={onValidity} />
              </Fieldset>
              <Fieldset legend="Validity">
                <ValidityFields form={form} format={format} />
              </Fieldset>
              <Fieldset legend="Status">
                <StatusFields form={form} format={format} />
              </Fieldset>
              <Fieldset legend="Issuer identity">
                <SigningIdentityFields form={form} issuerId={issuer.id} format={format} />
              </Fieldset>
              <Fieldset legend="Notifications">
                <NotificationFields form={form} />
              </Fieldset>
              <Fieldset legend="Login (authorization code flow)">
                <AuthenticationFields form={form} issuer={issuer} onValidity={onValidity} />
              </Fieldset>
            </Stack>
          </Fieldset>
        </Tabs.Panel>
        <Tabs.Panel value="json">
          <ProfileJsonPanel
            value={jsonText}
            onChange={onJsonEdit}
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
            {editing ? 'Save as new version' : 'Create profile'}
          </Button>
          <Button variant="default" component={Link} to={cancelTo}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
