import { useState } from 'react';
import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { IconKey, IconPlus, IconUpload } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { DeleteKeyButton } from './DeleteKeyButton';
import { ownerLabel, shortId, when } from './format';
import { KeyCreateModal } from './KeyCreateModal';
import { KeyImportModal } from './KeyImportModal';
import { useIssuerIds, useKeys } from './keys-api';
import { mayManage, ownerOptions } from './ownership';
import { KeyStatusButton } from './KeyStatusButton';

/** `/keys`: the kms keys in scope with their owner and status; create, import, disable/enable and delete. */
export function KeysPage() {
  const { principal } = useAuth();
  const keys = useKeys();
  const issuers = useIssuerIds();
  const owners = ownerOptions(principal, issuers.data ?? []);
  const [dialog, setDialog] = useState<'create' | 'import'>();
  const actions = owners.length > 0 && (
    <>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog('create')}>
        Create key
      </Button>
      <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setDialog('import')}>
        Import key
      </Button>
    </>
  );
  return (
    <>
      <PageHeader title="Keys" description="Signing keys in kms: private parts never leave it." actions={actions} />
      {owners.length > 0 && (
        <>
          <KeyCreateModal opened={dialog === 'create'} onClose={() => setDialog(undefined)} defaultOwner={owners[0].value} />
          <KeyImportModal opened={dialog === 'import'} onClose={() => setDialog(undefined)} defaultOwner={owners[0].value} />
        </>
      )}
      <QueryState query={keys}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="No keys yet" action={owners.length > 0 && <Button onClick={() => setDialog('create')}>Create a key</Button>}>
              {owners.length > 0
                ? 'An issuer signs credentials and tokens with kms keys: create one (secp256r1 suits SD-JWT VC and mdoc) or import one.'
                : 'There is no key you can see. An issuer administrator creates the keys of an issuer.'}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>Backend</Table.Th>
                    <Table.Th>Owner</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((key) => (
                    <Table.Tr key={key.keyId} data-testid={`key-${key.keyId}`}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <IconKey size={16} aria-hidden />
                          <Anchor component={Link} to={`/keys/${encodeURIComponent(key.keyId)}`} title={key.keyId}>
                            {key.name ?? shortId(key.keyId)}
                          </Anchor>
                        </Group>
                        {key.name && (
                          <Text size="xs" c="dimmed" title={key.keyId}>
                            {shortId(key.keyId)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {key.type}{' '}
                        <Text span size="xs" c="dimmed">
                          {key.alg}
                        </Text>
                      </Table.Td>
                      <Table.Td>{key.backend}</Table.Td>
                      <Table.Td>{ownerLabel(key.issuerId)}</Table.Td>
                      <Table.Td>{when(key.createdAt)}</Table.Td>
                      <Table.Td>
                        <Badge color={key.status === 'DISABLED' ? 'gray' : 'teal'} variant="light">
                          {key.status === 'DISABLED' ? 'Disabled' : 'Active'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Anchor
                            component={Link}
                            to={`/keys/${encodeURIComponent(key.keyId)}`}
                            size="sm"
                            aria-label={`Usage of key ${key.name ?? key.keyId}`}
                          >
                            Usage
                          </Anchor>
                          {mayManage(principal, key.issuerId) && (
                            <>
                              <KeyStatusButton keyItem={key} />
                              <DeleteKeyButton keyItem={key} />
                            </>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </>
  );
}
