import { Stack } from '@mantine/core';
import { propertySchema } from '../../api/openapi-schemas';
import { JsonValueField } from './JsonValueField';
import { errorsUnder, setMember, type ProfileForm } from './use-profile-form';

export interface CredentialDataFieldsProps {
  form: ProfileForm;
  format: string | undefined;
  schema?: Record<string, unknown>;
  onValidity: (field: string, error: string | undefined) => void;
}

const DATA_HINT: Record<string, string> = {
  'dc+sd-jwt': 'The SD-JWT VC claims, e.g. {"given_name": "Erika", "address": {"locality": "Berlin"}}.',
  jwt_vc_json: 'The W3C credential members, e.g. {"credentialSubject": {"degree": {"name": "BSc"}}}.',
  mso_mdoc: 'Namespaces to data elements, e.g. {"org.iso.18013.5.1": {"family_name": "Mustermann"}}.',
};

/**
 * The credential's own data and the data functions merged into it at signing (API.md §10). Both are JSON; the
 * profile page's preview shows what they become.
 */
export function CredentialDataFields({ form, format, schema, onValidity }: CredentialDataFieldsProps) {
  const values = form.getValues();
  return (
    <Stack gap="md">
      <JsonValueField
        label="Credential data"
        description={`${DATA_HINT[format ?? ''] ?? 'The data every credential of this profile carries.'} An offer may override parts of it.`}
        value={values.credentialData}
        onChange={(next) => setMember(form, 'credentialData', next)}
        onValidity={(error) => onValidity('credentialData', error)}
        schema={propertySchema(schema, 'credentialData')}
        error={errorsUnder(form, 'credentialData')}
        height="220px"
      />
      <JsonValueField
        label="Data functions (mapping)"
        description='Optional. Values such as "<uuid>", "<subjectDid>", "<timestamp-in:365d>", "<issuerDid>", "<context:sessionId>", "<webhook-json:https://…>" are evaluated when a credential is signed and merged into the data; keys starting with "jwt:" set JWT claims.'
        value={values.mapping}
        onChange={(next) => setMember(form, 'mapping', next)}
        onValidity={(error) => onValidity('mapping', error)}
        optional
        schema={propertySchema(schema, 'mapping')}
        error={errorsUnder(form, 'mapping')}
        height="160px"
      />
    </Stack>
  );
}
