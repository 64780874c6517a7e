import { Stack } from '@mantine/core';
import { useAuth } from '../../auth/AuthProvider';
import { canOnPlatform } from '../../auth/roles';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { RequireRole } from './RequireRole';
import { RetentionConfigForm } from './RetentionConfigForm';
import { RetentionRuns } from './RetentionRuns';
import { RunRetention } from './RunRetention';
import { useRetentionConfig } from './settings-api';

/** `/retention` (platform-admin): how long issuance sessions are kept, runs now, and what past runs did. */
export function RetentionPage() {
  const { principal } = useAuth();
  const allowed = canOnPlatform(principal, 'platform-admin');
  const config = useRetentionConfig(allowed);
  return (
    <>
      <PageHeader title="Data retention" description="Sessions (with their personal data) older than the maximum age are deleted." />
      <RequireRole allowed={allowed} who="platform administrators">
        <QueryState query={config}>
          {(c) => (
            <Stack gap="md">
              <RetentionConfigForm config={c} />
              <RunRetention config={c} />
              <RetentionRuns />
            </Stack>
          )}
        </QueryState>
      </RequireRole>
    </>
  );
}
