import { Alert, Badge, Card, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { JsonBlock } from './JsonBlock';
import type { PreviewPlaceholder, ProfilePreview } from './types';

const KIND_LABEL: Record<PreviewPlaceholder['kind'], string> = {
  holder: 'holder',
  session: 'session',
  'per-credential': 'per credential',
  'signing-time': 'signing time',
  webhook: 'webhook',
};

const pathText = (target: string, path: (string | number)[]) =>
  `${target === 'jwtClaims' ? 'JWT ' : ''}${path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[')}`;

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * What the credential data becomes, with every value a real issuance fills differently named and labelled (the
 * holder's DID, the session id, fresh UUIDs, the signing time, webhook answers), and what would change it later.
 */
export function PreviewResult({ preview }: { preview: ProfilePreview }) {
  const hasJwt = Object.keys(preview.jwtClaims).length > 0;
  return (
    <Stack gap="md" data-testid="preview-result">
      <Text size="sm" c="dimmed">
        Version {preview.version}, evaluated {new Date(preview.previewedAt).toLocaleString()}. Nothing was issued or stored.
      </Text>
      {preview.failure && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="A credential request would be refused" role="alert">
          {preview.failure.message}
          {preview.failure.errors.length > 0 && (
            <List size="sm" mt="xs">
              {preview.failure.errors.map((e) => (
                <List.Item key={e.path}>
                  <code>{e.path}</code>: {e.message}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {preview.placeholders.length > 0 && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />} title="Example values" data-testid="preview-placeholders">
          <Text size="sm" mb="xs">
            These values are examples: only a real issuance knows them. The credential data below shows them in place.
          </Text>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Where</Table.Th>
                  <Table.Th>Function</Table.Th>
                  <Table.Th>Example shown</Table.Th>
                  <Table.Th>The real value</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.placeholders.map((p) => (
                  <Table.Tr key={`${p.target}:${p.path.join('/')}`}>
                    <Table.Td>
                      <code>{pathText(p.target, p.path)}</code>
                    </Table.Td>
                    <Table.Td>
                      <code>{p.function}</code>{' '}
                      <Badge size="xs" variant="outline">
                        {KIND_LABEL[p.kind]}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>
                      <code>{shown(p.value)}</code>
                    </Table.Td>
                    <Table.Td>{p.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Alert>
      )}
      {preview.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Changed later" data-testid="preview-warnings">
          <List size="sm">
            {preview.warnings.map((w) => (
              <List.Item key={`${w.path?.join('/') ?? ''}:${w.message}`}>
                {w.path && <code>{pathText('credentialData', w.path)}</code>} {w.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: hasJwt ? 2 : 1 }}>
        <Card withBorder padding="md">
          <Title order={5} mb="xs">
            Credential data {preview.failure ? '(before the data functions)' : ''}
          </Title>
          <JsonBlock value={preview.credentialData} maxHeight={480} label="Previewed credential data" />
        </Card>
        {hasJwt && (
          <Card withBorder padding="md">
            <Title order={5} mb="xs">
              JWT claims (jwt: data functions)
            </Title>
            <JsonBlock value={preview.jwtClaims} label="Previewed JWT claims" />
          </Card>
        )}
      </SimpleGrid>
    </Stack>
  );
}
