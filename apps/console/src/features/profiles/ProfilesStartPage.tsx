import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useIssuers } from '../../api/use-issuers';
import { useAuth } from '../../auth/AuthProvider';
import { can } from '../../auth/roles';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { NewProfileMenu } from './NewProfileMenu';
import { mayEditProfiles } from './permissions';
import { issuerLabel } from './profile-labels';
import { fetchProfiles, profileKeys } from './profiles-api';
import { ProfilesTable } from './ProfilesTable';
import type { IssuerSummary } from './types';

/**
 * `/profiles[?issuer=…]`: the profiles of every issuer the principal can see, or of the one picked; "New profile"
 * asks for the issuer when none is picked.
 */
export function ProfilesStartPage() {
  const { principal } = useAuth();
  const issuers = useIssuers<IssuerSummary>();
  return (
    <>
      <PageHeader title="Profiles" description="Offers are made from profiles; each belongs to one issuer." />
      <QueryState query={issuers}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState
              title="No issuer yet"
              action={
                can(principal, 'issuer-admin') ? (
                  <Button component={Link} to="/issuers/new" leftSection={<IconPlus size={16} />}>
                    New issuer
                  </Button>
                ) : undefined
              }
            >
              Profiles belong to an issuer: create an issuer first, then a profile to start issuing.
            </EmptyState>
          ) : (
            <AcrossIssuers issuers={items} />
          )
        }
      </QueryState>
    </>
  );
}

function AcrossIssuers({ issuers }: { issuers: IssuerSummary[] }) {
  const { principal } = useAuth();
  const [params, setParams] = useSearchParams();
  const chosen = issuers.some((i) => i.id === params.get('issuer')) ? params.get('issuer') : null;
  const shown = chosen ? issuers.filter((i) => i.id === chosen) : issuers;
  const lists = useQueries({
    queries: shown.map((issuer) => ({ queryKey: profileKeys.list(issuer.id), queryFn: () => fetchProfiles(issuer.id) })),
  });
  const editable = shown.filter((i) => mayEditProfiles(principal, i.id)).map((i) => i.id);
  const byId = Object.fromEntries(issuers.map((i) => [i.id, i]));
  const profiles = lists.flatMap((q) => q.data?.items ?? []);
  const loading = lists.some((q) => q.isPending);
  const failed = lists.find((q) => q.isError);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Select
          label="Issuer"
          data={issuers.map((i) => ({ value: i.id, label: issuerLabel(i) === i.id ? i.id : `${issuerLabel(i)} (${i.id})` }))}
          value={chosen}
          placeholder="All issuers"
          clearable
          searchable
          onChange={(next) => setParams(next ? { issuer: next } : {})}
          w={320}
          maw="100%"
        />
        <NewProfileMenu issuerIds={editable} />
      </Group>
      {failed && <ErrorAlert error={failed.error} title="Some profiles could not be listed" />}
      {loading ? (
        <Text c="dimmed">Loading profiles…</Text>
      ) : profiles.length === 0 ? (
        <EmptyState title="No profiles yet" action={<NewProfileMenu issuerIds={editable} />}>
          {editable.length
            ? 'Create a profile to start issuing: pick the issuer, a credential configuration and a signing key.'
            : 'Create a profile to start issuing — this needs the issuer-admin role on an issuer; ask an administrator.'}
        </EmptyState>
      ) : (
        <ProfilesTable profiles={profiles} issuers={byId} showIssuer={!chosen} />
      )}
    </Stack>
  );
}
