import { useRef, useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error';
import { post } from '../../api/client';
import { propertySchema } from '../../api/openapi-schemas';
import { ErrorAlert } from '../../components/ErrorAlert';
import { JsonEditor } from '../../components/JsonEditor';
import { parseJson } from '../../components/form-json';
import { PreviewResult } from './PreviewResult';
import { profilePath, useProfileSchema } from './profiles-api';
import type { ProfilePreview } from './types';

/**
 * The data functions preview: what the credential data of this profile becomes, optionally with the
 * `runtimeOverrides.credentialData` an offer would carry. The platform evaluates it as the credential endpoint does,
 * without issuing, storing or calling webhooks (docs/api-additions.md).
 */
export function PreviewPanel({ issuerId, profileId }: { issuerId: string; profileId: string }) {
  const schema = useProfileSchema();
  const [text, setText] = useState('{}');
  // The editor reports from outside React's events: the button reads what was typed even before the re-render.
  const typed = useRef(text);
  const [textError, setTextError] = useState<string>();
  const preview = useMutation({
    mutationFn: (credentialData: Record<string, unknown> | undefined) =>
      post<ProfilePreview>(`${profilePath(issuerId, profileId)}/preview`, credentialData ? { credentialData } : {}),
  });
  const run = () => {
    const parsed = parseJson<Record<string, unknown>>(typed.current, 'The override', 'object', true);
    if (!parsed.ok) {
      setTextError(parsed.message);
      return;
    }
    setTextError(undefined);
    // `{}` overrides nothing: the profile's own data is previewed.
    preview.mutate(parsed.value && Object.keys(parsed.value).length ? parsed.value : undefined);
  };
  const fieldError = preview.error instanceof ApiError ? preview.error.fieldErrors().credentialData : undefined;
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        What a credential of this profile would carry: the profile’s data, the data an offer overrides, then the data functions.
      </Text>
      <JsonEditor
        label="Credential data of an offer (optional)"
        description='As an offer’s runtimeOverrides.credentialData: merged into the profile’s data (objects merged, other values replaced). E.g. {"given_name": "Max"}'
        value={text}
        onChange={(next) => {
          typed.current = next;
          setText(next);
          setTextError(undefined);
        }}
        schema={propertySchema(schema.data ?? undefined, 'credentialData')}
        error={textError ?? fieldError}
        height="140px"
      />
      <Group>
        <Button leftSection={<IconEye size={16} />} onClick={run} loading={preview.isPending}>
          Preview credential data
        </Button>
      </Group>
      {preview.isError && <ErrorAlert error={preview.error} title="The preview failed" />}
      {preview.data && <PreviewResult preview={preview.data} />}
    </Stack>
  );
}
