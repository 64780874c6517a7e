import { useState } from 'react';
import { Alert, Button, Card, Group, Modal, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { settingsKeys } from './settings-api';
import type { RetentionConfig, RetentionRun } from './types';

/** Starts a run now, dry or real, after a confirmation that says what a real run deletes. */
export function RunRetention({ config }: { config: RetentionConfig }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'dry' | 'real'>('dry');
  const [confirming, setConfirming] = useState(false);
  const run = useMutation({
    mutationFn: (dryRun: boolean) => post<RetentionRun>('/retention/runs', { dryRun }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: settingsKeys.retentionRuns });
      notifySaved(result.dryRun ? `Dry run: ${result.matched} session(s) would be deleted` : `${result.deleted} session(s) deleted`);
      setConfirming(false);
    },
  });
  const real = mode === 'real';
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="retention-run-title">
      <Title order={4} id="retention-run-title" mb="sm">
        Run now
      </Title>
      <Group align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Kind of run"
          value={mode}
          onChange={(value) => setMode(value as 'dry' | 'real')}
          data={[
            { value: 'dry', label: 'Dry run' },
            { value: 'real', label: 'Delete for real' },
          ]}
        />
        <Button color={real ? 'red' : undefined} onClick={() => setConfirming(true)}>
          {real ? 'Run and delete…' : 'Start dry run…'}
        </Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={real ? 'Delete old sessions now?' : 'Start a dry run?'}>
        <Stack gap="sm">
          {real ? (
            <Alert color="red" variant="light" title="This deletes data">
              Up to {config.maxDeletePerRun} sessions older than {config.maxIssuerSessionAge} are deleted with their events and webhook
              deliveries (oldest first). A deleted session cannot be brought back.
            </Alert>
          ) : (
            <Text size="sm">
              Counts the sessions older than {config.maxIssuerSessionAge} and lists up to 100 of them. Nothing is deleted.
            </Text>
          )}
          {run.isError && <ErrorAlert error={run.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color={real ? 'red' : undefined} loading={run.isPending} onClick={() => run.mutate(!real)}>
              {real ? 'Delete sessions' : 'Start dry run'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
