import { Anchor, Badge, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { DeleteKeyButton } from './DeleteKeyButton';
import { ownerLabel, when } from './format';
import { useKey } from './keys-api';
import { KeyStatusButton } from './KeyStatusButton';
import { KeyUsagePanel } from './KeyUsagePanel';
import { mayManage } from './ownership';

/** `/keys/:keyId`: one key, its public JWK and what uses it. */
export function KeyPage() {
  const { keyId = '' } = useParams();
  const key = useKey(keyId);
  const { principal } = useAuth();
  const navigate = useNavigate();
  return (
    <QueryState query={key}>
      {(k) => (
        <>
          <PageHeader
            title={k.name ?? 'Unnamed key'}
            description={
              <>
                <Anchor component={Link} to="/keys" size="sm">
                  Keys
                </Anchor>{' '}
                / <Code>{k.keyId}</Code>
              </>
            }
            actions={
              mayManage(principal, k.issuerId) && (
                <Group gap="xs">
                  <KeyStatusButton keyItem={k} />
                  <DeleteKeyButton keyItem={k} onDeleted={() => navigate('/keys')} />
                </Group>
              )
            }
          />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Card withBorder padding="md" component="section">
              <Title order={4} mb="sm">
                Details
              </Title>
              <Stack gap={4}>
                {[
                  [
                    'Status',
                    <Badge key="s" color={k.status === 'DISABLED' ? 'gray' : 'teal'} variant="light">
                      {k.status === 'DISABLED' ? 'Disabled' : 'Active'}
                    </Badge>,
                  ],
                  ['Type', `${k.type} (${k.alg})`],
                  ['Backend', k.backend],
                  ['Owner', ownerLabel(k.issuerId)],
                  ['Created', when(k.createdAt)],
                  ['Signatures', k.signCount ?? '—'],
                  ['Last used', when(k.lastUsedAt)],
                  ['kid', <Code key="kid">{String(k.publicJwk.kid ?? '—')}</Code>],
                ].map(([label, value]) => (
                  <Group key={String(label)} gap="sm" wrap="nowrap" align="flex-start">
                    <Text size="sm" c="dimmed" w={100}>
                      {label}
                    </Text>
                    <Text size="sm" component="div" style={{ wordBreak: 'break-all' }}>
                      {value}
                    </Text>
                  </Group>
                ))}
              </Stack>
              <Text size="sm" fw={500} mt="md" mb={4}>
                Public JWK
              </Text>
              <Code block>{JSON.stringify(k.publicJwk, null, 2)}</Code>
            </Card>
            <KeyUsagePanel keyId={k.keyId} />
          </SimpleGrid>
        </>
      )}
    </QueryState>
  );
}
