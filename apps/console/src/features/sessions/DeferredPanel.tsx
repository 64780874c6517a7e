import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error';
import { post } from '../../api/client';
import { propertySchema, requestSchema } from '../../api/openapi-schemas';
import { ErrorAlert } from '../../components/ErrorAlert';
import { JsonEditor } from '../../components/JsonEditor';
import { keys, sessionPath } from './session-api';

const DECISION_PATH = '/api/v1/issuers/{issuerId}/sessions/{sessionId}/credential-data';

type Decision = { approve: true; credentialData?: Record<string, unknown> } | { approve: false };

function parseData(text: string): { value?: Record<string, unknown>; error?: string } {
  if (text.trim() === '' || text.trim() === '{}') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { value: value as Record<string, unknown> };
    return { error: 'Must be a JSON object ({ … })' };
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * Deferred issuance (API.md §12): the wallet waits while the operator supplies the credential data and approves, or
 * refuses. The data is deep-merged into the session's credential data when the wallet next polls.
 */
export function DeferredPanel({ issuerId, sessionId }: { issuerId: string; sessionId: string }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('{}');
  const [fieldError, setFieldError] = useState<string>();
  const [confirmRefuse, setConfirmRefuse] = useState(false);
  const [decided, setDecided] = useState<'approved' | 'refused'>();
  const schema = useQuery({
    queryKey: ['openapi', 'post', DECISION_PATH],
    queryFn: () => requestSchema('post', DECISION_PATH),
    staleTime: Infinity,
  });
  const decide = useMutation({
    mutationFn: (decision: Decision) => post(`${sessionPath(issuerId, sessionId)}/credential-data`, decision),
    onSuccess: (_answer, decision) => {
      setDecided(decision.approve ? 'approved' : 'refused');
      setConfirmRefuse(false);
      void queryClient.invalidateQueries({ queryKey: keys.session(issuerId, sessionId) });
    },
  });
  // The API names problems of the supplied data by their path: shown at the editor.
  const apiFieldError =
    decide.error instanceof ApiError
      ? decide.error.errors
          .filter((e) => e.path.startsWith('credentialData'))
          .map((e) => `${e.path}: ${e.message}`)
          .join('; ') || undefined
      : undefined;

  if (decided === 'approved')
    return (
      <Alert color="green" title="Approved">
        The wallet receives the credential at its next poll.
      </Alert>
    );
  if (decided === 'refused')
    return (
      <Alert color="gray" title="Refused">
        The wallet is told the credential was denied.
      </Alert>
    );

  const approve = () => {
    const parsed = parseData(text);
    setFieldError(parsed.error);
    if (!parsed.error) decide.mutate({ approve: true, ...(parsed.value ? { credentialData: parsed.value } : {}) });
  };

  return (
    <Stack gap="sm">
      <Title order={4}>Waiting for the credential data</Title>
      <Text size="sm">
        The wallet asked for the credential and is polling. Supply the data the credential still needs (deep-merged into the session's data;
        leave <code>{'{}'}</code> to issue as it is) and approve, or refuse.
      </Text>
      <JsonEditor
        label="Credential data to supply"
        value={text}
        onChange={setText}
        schema={propertySchema(schema.data, 'credentialData')}
        error={fieldError ?? apiFieldError}
        height="160px"
      />
      {!confirmRefuse && <ErrorAlert error={decide.error} />}
      <Group gap="sm">
        <Button onClick={approve} loading={decide.isPending && decide.variables?.approve === true}>
          Approve and issue
        </Button>
        <Button variant="light" color="red" onClick={() => setConfirmRefuse(true)}>
          Refuse
        </Button>
      </Group>
      <Modal opened={confirmRefuse} onClose={() => setConfirmRefuse(false)} title="Refuse this credential?" centered>
        <Stack gap="md">
          <Text size="sm">The wallet is told the credential was denied; a session that issued nothing ends UNSUCCESSFUL.</Text>
          <ErrorAlert error={decide.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirmRefuse(false)}>
              Cancel
            </Button>
            <Button color="red" loading={decide.isPending} onClick={() => decide.mutate({ approve: false })}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
