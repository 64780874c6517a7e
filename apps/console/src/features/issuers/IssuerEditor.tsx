import { Fieldset } from '@mantine/core';
import { post, put } from '../../api/client';
import { FormJsonEditor } from '../../components/FormJsonEditor';
import { useFormJsonSave, useFormJsonSync } from '../../components/use-form-json-sync';
import { AuthorizationFields } from './AuthorizationFields';
import { CredentialConfigurationsFields } from './CredentialConfigurationsFields';
import { IssuerBasicsFields } from './IssuerBasicsFields';
import { IssuerDisplayFields } from './IssuerDisplayFields';
import { IssuerKeysFields } from './IssuerKeysFields';
import { issuerPath } from './issuers-api';
import { useIssuerConfigSchema } from './issuer-schema';
import type { Issuer, IssuerConfig } from './types';

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
 * (useFormJsonSync). A refused save leaves both as they were, with the API's problems at their fields, listed
 * in the JSON tab, and the general message next to the save button.
 */
export function IssuerEditor({ issuerId, initial, credentialIssuer, allowedIds = '*', cancelTo, onSaved }: IssuerEditorProps) {
  const editing = issuerId !== undefined;
  const { form, jsonText, jsonError, editJson } = useFormJsonSync(initial, 'The issuer');
  const schema = useIssuerConfigSchema(editing ? 'put' : 'post');
  const save = useFormJsonSave({
    form,
    jsonError,
    mutationFn: (body: IssuerConfig) => (editing ? put<Issuer>(issuerPath(issuerId), body) : post<Issuer>('/issuers', body)),
    onSaved,
  });

  return (
    <FormJsonEditor
      form={form}
      aria-label={editing ? `Edit issuer ${issuerId}` : 'New issuer'}
      save={save}
      json={{
        label: 'IssuerConfig (JSON)',
        description: "The full request body, checked against the API's schema as you type. It follows the form, and the form follows it.",
        value: jsonText,
        onChange: editJson,
        schema: schema.data ?? undefined,
        parseError: jsonError,
      }}
      submitLabel={editing ? 'Save changes' : 'Create issuer'}
      cancelTo={cancelTo}
    >
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
    </FormJsonEditor>
  );
}
