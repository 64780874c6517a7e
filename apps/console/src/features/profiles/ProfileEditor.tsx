import { useRef, useState } from 'react';
import { Fieldset } from '@mantine/core';
import { post, put } from '../../api/client';
import { FormJsonEditor } from '../../components/FormJsonEditor';
import { useFormJsonSave, useFormJsonSync } from '../../components/use-form-json-sync';
import { AuthenticationFields } from './AuthenticationFields';
import { CredentialDataFields } from './CredentialDataFields';
import { NotificationFields } from './NotificationFields';
import { ProfileBasicsFields } from './ProfileBasicsFields';
import { profilePath, profilesPath, useProfileSchema } from './profiles-api';
import { SigningIdentityFields } from './SigningIdentityFields';
import { StatusFields } from './StatusFields';
import type { IssuerSummary, Profile, ProfileBody } from './types';
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
 * (useFormJsonSync). A refused save leaves both as they were, with the API's problems at their fields, listed in
 * the JSON tab, and the general message next to the save button.
 */
export function ProfileEditor({ issuer, profileId, initial, cancelTo, onSaved }: ProfileEditorProps) {
  const editing = profileId !== undefined;
  const { form, jsonText, jsonError, editJson } = useFormJsonSync(initial, 'The profile');
  const schema = useProfileSchema();
  // JSON members of the form whose text does not parse yet: their last good value is in the form, so nothing is sent.
  // A ref as well as state: an editor reports from outside React's events, and a save may come before the re-render.
  const unparsed = useRef<Record<string, string>>({});
  const [, setUnparsedShown] = useState<Record<string, string>>({});
  const save = useFormJsonSave({
    form,
    jsonError,
    mutationFn: (body: ProfileBody) =>
      editing ? put<Profile>(profilePath(issuer.id, profileId), body) : post<Profile>(profilesPath(issuer.id), body),
    onSaved,
    notReady: () => {
      const pending = Object.keys(unparsed.current);
      return pending.length
        ? `Nothing was sent: ${pending.join(', ')} ${pending.length > 1 ? 'are' : 'is'} not valid JSON yet.`
        : undefined;
    },
  });
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

  return (
    <FormJsonEditor
      form={form}
      aria-label={editing ? `Edit profile ${profileId}` : 'New profile'}
      save={save}
      json={{
        label: 'Profile (JSON)',
        description:
          "The full request body, checked against the API's schema as you type (selective disclosure, display, issuance and the other members without a form field are edited here). It follows the form, and the form follows it.",
        value: jsonText,
        onChange: onJsonEdit,
        schema: schema.data ?? undefined,
        parseError: jsonError,
      }}
      submitLabel={editing ? 'Save as new version' : 'Create profile'}
      cancelTo={cancelTo}
    >
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
    </FormJsonEditor>
  );
}
