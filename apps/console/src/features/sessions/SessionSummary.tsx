import { Anchor, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { seg } from '../../api/client';
import { formatDateTime } from './format';
import type { Session } from './types';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** The session at a glance: where it comes from, how the wallet is authorized, when it started and ends. */
export function SessionSummary({ session }: { session: Session }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
      <Field label="Profile">
        <Anchor component={Link} to={`/issuers/${seg(session.issuerId)}/profiles/${seg(session.profileId)}`} size="sm">
          {session.profileId}
        </Anchor>{' '}
        (version {session.profileVersion})
      </Field>
      <Field label="Authorization">{session.authMethod === 'PRE_AUTHORIZED' ? 'Pre-authorized code' : 'Authorization code'}</Field>
      <Field label="Credential">{session.credentialOffer?.credential_configuration_ids.join(', ') ?? '—'}</Field>
      <Field label="Created">{formatDateTime(session.createdAt)}</Field>
      <Field label="Expires">{formatDateTime(session.expiresAt)}</Field>
      {session.statusReason && (
        <Field label="Reason">
          <Code>{session.statusReason}</Code>
        </Field>
      )}
    </SimpleGrid>
  );
}
