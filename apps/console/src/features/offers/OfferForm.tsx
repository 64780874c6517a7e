import { useState } from 'react';
import { Accordion, Button, Code, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error';
import { post, seg } from '../../api/client';
import { applyApiError } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { JsonEditor } from '../../components/JsonEditor';
import { toOfferFormError, toOfferRequest, validateOfferForm, type OfferFormValues } from './offer-form';
import { useOfferSchemas } from './offer-schemas';
import { OfferSettingsFields } from './OfferSettingsFields';
import type { OfferResponse, ProfileSummary } from './types';

const FORM_FIELDS = new Set([
  'authMethod',
  'valueMode',
  'issuerStateMode',
  'expiresInSeconds',
  'txCodeEnabled',
  'txCodeValue',
  'credentialData',
  'otherOverrides',
  'sessionId',
]);
const isFormField = (path: string) => FORM_FIELDS.has(path) || path.startsWith('txCode.');

/**
 * Creates one offer from a profile. The form is owned by the page, so its values survive both a refusal and the
 * result view ("Create another offer" starts from the same settings).
 */
export function OfferForm({
  form,
  profile,
  onCreated,
}: {
  form: UseFormReturnType<OfferFormValues>;
  profile: ProfileSummary;
  onCreated: (offer: OfferResponse) => void;
}) {
  const schemas = useOfferSchemas(profile.credentialData);
  const [failure, setFailure] = useState<{ message?: string; error: unknown }>();
  const create = useMutation({
    mutationFn: (values: OfferFormValues) =>
      post<OfferResponse>(`/issuers/${seg(profile.issuerId)}/profiles/${seg(profile.profileId)}/offers`, toOfferRequest(values)),
    onSuccess: (offer) => {
      setFailure(undefined);
      onCreated(offer);
    },
    onError: (error) => {
      const mapped = toOfferFormError(error);
      const message = applyApiError(form, mapped);
      // What no field shows stays listed in the alert; what a field shows is only named there.
      const rest = mapped instanceof ApiError ? mapped.errors.filter((e) => !isFormField(e.path)) : [];
      setFailure({ message, error: mapped instanceof ApiError ? new ApiError(mapped.status, mapped.title, mapped.detail, rest) : mapped });
    },
  });

  const submit = form.onSubmit((values) => {
    const errors = validateOfferForm(values);
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      setFailure({ message: 'Some fields need a fix: see the fields marked in red', error: new Error('Nothing was sent.') });
      return;
    }
    setFailure(undefined);
    create.mutate(values);
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Create an offer">
      <Stack gap="lg">
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            Offer
          </Title>
          <OfferSettingsFields form={form} withFixedCode />
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            Runtime overrides
          </Title>
          <Stack gap="md">
            <JsonEditor
              label="Credential data"
              description="Deep-merged into the profile's data for this offer only: objects merge, values and arrays replace"
              value={form.values.credentialData}
              onChange={(text) => form.setFieldValue('credentialData', text)}
              schema={schemas.credentialData}
              error={form.errors.credentialData as string | undefined}
              height="200px"
            />
            <Accordion variant="contained">
              <Accordion.Item value="profile-data">
                <Accordion.Control>The profile's credential data (version {profile.version})</Accordion.Control>
                <Accordion.Panel>
                  <Code block>{JSON.stringify(profile.credentialData ?? {}, null, 2)}</Code>
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
            <JsonEditor
              label="Other overrides"
              description="Any other profile field this offer replaces, e.g. validity or notifications"
              value={form.values.otherOverrides}
              onChange={(text) => form.setFieldValue('otherOverrides', text)}
              schema={schemas.otherOverrides}
              error={form.errors.otherOverrides as string | undefined}
              height="140px"
            />
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <TextInput
            label="Session id"
            description="Optional: your own id for the session (a case number, say); generated when empty"
            autoComplete="off"
            maw={420}
            {...form.getInputProps('sessionId')}
          />
        </Paper>
        {failure && <ErrorAlert error={failure.error} title={failure.message} />}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create offer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
