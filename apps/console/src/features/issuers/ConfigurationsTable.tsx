import { Badge, Group, Table, Text } from '@mantine/core';
import { credentialType, pickDisplay } from './issuer-config';
import type { Issuer } from './types';

/** The issuer's credential configurations: what each issues, how it binds to the wallet, what it signs with. */
export function ConfigurationsTable({ issuer }: { issuer: Issuer }) {
  const entries = Object.entries(issuer.credentialConfigurations);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing="sm" aria-label="Credential configurations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Configuration</Table.Th>
            <Table.Th w={110}>Format</Table.Th>
            <Table.Th>Type (vct / doctype / types)</Table.Th>
            <Table.Th>Binding methods</Table.Th>
            <Table.Th>Signing algorithms</Table.Th>
            <Table.Th>Claims</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map(([id, configuration]) => (
            <Table.Tr key={id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {id}
                </Text>
                <Text size="xs" c="dimmed">
                  {pickDisplay(configuration.credential_metadata?.display)?.name ?? 'no display name'}
                  {configuration.scope ? ` · scope ${configuration.scope}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" tt="none" style={{ overflow: 'visible' }}>
                  {configuration.format}
                </Badge>
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                {credentialType(configuration) ??
                  (configuration.format === 'dc+sd-jwt' ? (
                    <Text size="sm" c="dimmed">
                      {issuer.credentialIssuer}/types/{id} (default)
                    </Text>
                  ) : (
                    '—'
                  ))}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {(configuration.cryptographic_binding_methods_supported ?? []).map((m) => (
                    <Badge key={m} size="sm" variant="outline" tt="none">
                      {m}
                    </Badge>
                  ))}
                  {!configuration.cryptographic_binding_methods_supported && (
                    <Text size="sm" c="dimmed">
                      not bound
                    </Text>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{(configuration.credential_signing_alg_values_supported ?? []).join(', ') || '—'}</Table.Td>
              <Table.Td>{configuration.credential_metadata?.claims?.length ?? 0}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
