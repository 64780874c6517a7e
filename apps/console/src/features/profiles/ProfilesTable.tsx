import { Anchor, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { mayEditProfiles, mayOffer } from './permissions';
import { authLabel, formatOf } from './profile-labels';
import { profileUrl } from './profiles-api';
import { ProfileStatusBadge } from './ProfileStatusBadge';
import type { IssuerSummary, Profile } from './types';

// Badges, formats and action links stay on one line; names wrap (the table scrolls on narrow screens).
const NOWRAP = { whiteSpace: 'nowrap' } as const;

export interface ProfilesTableProps {
  profiles: Profile[];
  /** The issuers the profiles belong to, by id (for the format of their configuration). */
  issuers: Record<string, IssuerSummary | undefined>;
  /** Show the issuer of each profile (the list across issuers). */
  showIssuer?: boolean;
}

/** Profiles with what tells them apart, and the actions the principal may take on each. */
export function ProfilesTable({ profiles, issuers, showIssuer = false }: ProfilesTableProps) {
  const { principal } = useAuth();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="profiles-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            {showIssuer && <Table.Th>Issuer</Table.Th>}
            <Table.Th>Credential configuration</Table.Th>
            <Table.Th>Format</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Login</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profiles.map((profile) => {
            const format = formatOf(issuers[profile.issuerId], profile);
            const active = profile.status === 'ACTIVE';
            return (
              <Table.Tr key={`${profile.issuerId}/${profile.profileId}`}>
                <Table.Td>
                  <Anchor component={Link} to={profileUrl(profile.issuerId, profile.profileId)} fw={500}>
                    {profile.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {profile.profileId}
                  </Text>
                </Table.Td>
                {showIssuer && (
                  <Table.Td>
                    <Anchor component={Link} to={profileUrl(profile.issuerId)} size="sm">
                      {profile.issuerId}
                    </Anchor>
                  </Table.Td>
                )}
                <Table.Td>{profile.credentialConfigurationId}</Table.Td>
                <Table.Td style={NOWRAP}>{format ?? <Text c="dimmed">unknown</Text>}</Table.Td>
                <Table.Td style={NOWRAP}>
                  <ProfileStatusBadge status={profile.status} />
                </Table.Td>
                <Table.Td>{profile.version}</Table.Td>
                <Table.Td>{authLabel(profile)}</Table.Td>
                <Table.Td style={NOWRAP}>
                  <Group gap="sm" wrap="nowrap">
                    {active && mayOffer(principal, profile.issuerId) && (
                      <Anchor
                        component={Link}
                        to={profileUrl(profile.issuerId, profile.profileId, '/offers/new')}
                        size="sm"
                        aria-label={`Create offer from ${profile.name}`}
                      >
                        Create offer
                      </Anchor>
                    )}
                    {active && mayEditProfiles(principal, profile.issuerId) && (
                      <Anchor
                        component={Link}
                        to={profileUrl(profile.issuerId, profile.profileId, '/edit')}
                        size="sm"
                        aria-label={`Edit ${profile.name}`}
                      >
                        Edit
                      </Anchor>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
