import type { ReactNode } from 'react';
import { Badge, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { JsonBlock } from './JsonBlock';
import { authLabel, formatOf } from './profile-labels';
import { ProfileStatusBadge } from './ProfileStatusBadge';
import type { IssuerSummary, Profile } from './types';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={200} fw={500}>
        {label}
      </Table.Th>
      <Table.Td style={{ wordBreak: 'break-all' }}>{children ?? <Text c="dimmed">—</Text>}</Table.Td>
    </Table.Tr>
  );
}

const none = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value));

function statusText(profile: Profile): string | undefined {
  const status = profile.credentialStatus;
  if (!status) return undefined;
  const purpose = Array.isArray(status.purpose) ? status.purpose.join(' + ') : (status.purpose ?? 'revocation');
  return [
    status.type,
    purpose,
    status.statusListId && `list ${status.statusListId}`,
    status.initialStatus && `starts ${status.initialStatus}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The current version of a profile at a glance: settings as a table, data and data functions as JSON. */
export function ProfileSummary({ profile, issuer }: { profile: Profile; issuer: IssuerSummary | undefined }) {
  const webhook = profile.notifications?.webhook;
  const mappings = Object.entries(profile.idTokenClaimsMapping ?? {});
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <Card withBorder padding="md">
        <Title order={4} mb="xs">
          Settings
        </Title>
        <Table.ScrollContainer minWidth={360}>
          <Table verticalSpacing={6} data-testid="profile-settings">
            <Table.Tbody>
              <Row label="Status">
                <ProfileStatusBadge status={profile.status} />
              </Row>
              <Row label="Version">
                {profile.version} · updated {new Date(profile.updatedAt).toLocaleString()}
              </Row>
              <Row label="Credential configuration">
                {profile.credentialConfigurationId}{' '}
                {formatOf(issuer, profile) && <Badge variant="light">{formatOf(issuer, profile)}</Badge>}
              </Row>
              <Row label="Signing key">{profile.issuerKeyId}</Row>
              <Row label="Issuer DID">{none(profile.issuerDid)}</Row>
              <Row label="Certificate chain">
                {profile.certificateId
                  ? `kms certificate ${profile.certificateId}`
                  : profile.x5Chain
                    ? `${profile.x5Chain.length} PEM certificate(s)`
                    : undefined}
              </Row>
              {profile.w3cVersion && <Row label="W3C data model">VCDM {profile.w3cVersion}</Row>}
              <Row label="Valid for">{none(profile.validity?.validFor) ?? 'no expiry'}</Row>
              {profile.validity?.validFrom && <Row label="Valid from">{profile.validity.validFrom}</Row>}
              <Row label="Status list">{statusText(profile) ?? 'none (not revocable)'}</Row>
              <Row label="Webhook">{webhook ? `${webhook.url}${webhook.bearerToken ? ' (with a bearer token)' : ''}` : 'none'}</Row>
              <Row label="Login method">{authLabel(profile)}</Row>
              {profile.walletInitiated && <Row label="Wallet-initiated">yes</Row>}
              {mappings.length > 0 && (
                <Row label="Login claims">
                  <Stack gap={2}>
                    {mappings.map(([source, destination]) => (
                      <Text size="sm" key={source}>
                        <code>{source}</code> → <code>{destination}</code>
                      </Text>
                    ))}
                  </Stack>
                </Row>
              )}
              {profile.issuance && <Row label="Issuance">{profile.issuance.mode}</Row>}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Stack gap="md">
        <Card withBorder padding="md">
          <Title order={4} mb="xs">
            Credential data
          </Title>
          <JsonBlock value={profile.credentialData} label="Credential data" />
        </Card>
        {profile.mapping && (
          <Card withBorder padding="md">
            <Title order={4} mb="xs">
              Data functions
            </Title>
            <JsonBlock value={profile.mapping} label="Data functions" />
          </Card>
        )}
      </Stack>
    </SimpleGrid>
  );
}
