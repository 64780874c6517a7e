import { useState } from 'react';
import { Anchor, Button, Group, Paper, Select, Stack } from '@mantine/core';
import { Link } from 'react-router-dom';
import { seg } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { issuerLabel, useIssuers, useProfiles } from './use-offer-data';

/** `/offers`: offers are made from a profile, so this page only asks which one. */
export function OffersStartPage() {
  const issuers = useIssuers();
  const [issuerId, setIssuerId] = useState<string | null>(null);
  const [profileId, setProfileId] = useState<string | null>(null);
  const chosenIssuer = issuerId ?? (issuers.data?.length === 1 ? issuers.data[0].id : null);
  const profiles = useProfiles(chosenIssuer ?? undefined);
  const active = (profiles.data ?? []).filter((p) => p.status !== 'INACTIVE');
  const chosenProfile = profileId ?? (active.length === 1 ? active[0].profileId : null);
  const base = chosenIssuer && chosenProfile ? `/issuers/${seg(chosenIssuer)}/profiles/${seg(chosenProfile)}/offers` : undefined;

  return (
    <>
      <PageHeader title="Offers" description="Create a credential offer for a holder, or many at once from a CSV file" />
      <QueryState query={issuers}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              title="No issuer yet"
              action={
                <Anchor component={Link} to="/issuers">
                  Go to issuers
                </Anchor>
              }
            >
              An offer is made from a profile of an issuer: create an issuer and a profile first.
            </EmptyState>
          ) : (
            <Paper withBorder p="md" maw={560}>
              <Stack gap="md">
                <Select
                  label="Issuer"
                  placeholder="Choose an issuer"
                  data={items.map((i) => ({ value: i.id, label: issuerLabel(i) }))}
                  value={chosenIssuer}
                  onChange={(value) => {
                    setIssuerId(value);
                    setProfileId(null);
                  }}
                  searchable
                />
                {chosenIssuer && profiles.isSuccess && active.length === 0 ? (
                  <EmptyState
                    title="No active profile"
                    action={
                      <Anchor component={Link} to={`/issuers/${seg(chosenIssuer)}`}>
                        Open the issuer
                      </Anchor>
                    }
                  >
                    This issuer has no active profile to make offers from: create one first.
                  </EmptyState>
                ) : (
                  <Select
                    label="Profile"
                    placeholder={chosenIssuer ? 'Choose a profile' : 'Choose an issuer first'}
                    data={active.map((p) => ({ value: p.profileId, label: `${p.name} (${p.credentialConfigurationId})` }))}
                    value={chosenProfile}
                    onChange={setProfileId}
                    disabled={!chosenIssuer}
                    searchable
                  />
                )}
                <Group gap="sm">
                  {base ? (
                    <>
                      <Button component={Link} to={`${base}/new`}>
                        Create an offer
                      </Button>
                      <Button component={Link} to={`${base}/batch`} variant="default">
                        Batch from a CSV file
                      </Button>
                    </>
                  ) : (
                    <>
                      <Button disabled>Create an offer</Button>
                      <Button variant="default" disabled>
                        Batch from a CSV file
                      </Button>
                    </>
                  )}
                </Group>
              </Stack>
            </Paper>
          )
        }
      </QueryState>
    </>
  );
}
