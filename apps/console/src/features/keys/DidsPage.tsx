import { useState } from 'react';
import { Anchor, Button, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { DeleteDidButton } from './DeleteDidButton';
import { DidCreateModal } from './DidCreateModal';
import { DidResolver } from './DidResolver';
import { ownerLabel, shortId, when } from './format';
import { useDids, useIssuerIds } from './keys-api';
import { mayManage, ownerOptions } from './ownership';

/** `/dids`: the DIDs in scope (did:key, did:jwk, did:web of kms keys), creating, deleting and resolving any DID. */
export function DidsPage() {
  const { principal } = useAuth();
  const dids = useDids();
  const issuers = useIssuerIds();
  const owners = ownerOptions(principal, issuers.data ?? []);
  const [creating, setCreating] = useState(false);
  const createButton = owners.length > 0 && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      Create DID
    </Button>
  );
  return (
    <>
      <PageHeader
        title="DIDs"
        description="Decentralized identifiers of kms keys, for issuers that sign as a DID."
        actions={createButton}
      />
      {owners.length > 0 && <DidCreateModal opened={creating} onClose={() => setCreating(false)} defaultOwner={owners[0].value} />}
      <Stack gap="md">
        <QueryState query={dids}>
          {(items) =>
            items.length === 0 ? (
              <EmptyState title="No DIDs yet" action={createButton || undefined}>
                A profile can sign as a DID (its issuerDid): create a did:jwk, did:key or did:web from a key.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={700}>
                <Table striped verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>DID</Table.Th>
                      <Table.Th>Method</Table.Th>
                      <Table.Th>Key</Table.Th>
                      <Table.Th>Owner</Table.Th>
                      <Table.Th>Created</Table.Th>
                      <Table.Th>Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((d) => (
                      <Table.Tr key={d.did}>
                        <Table.Td maw={360}>
                          <Text size="sm" style={{ wordBreak: 'break-all' }} lineClamp={2} title={d.did}>
                            {d.did}
                          </Text>
                        </Table.Td>
                        <Table.Td>{d.method}</Table.Td>
                        <Table.Td>
                          <Anchor component={Link} to={`/keys/${encodeURIComponent(d.keyId)}`} size="sm" title={d.keyId}>
                            {shortId(d.keyId)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{ownerLabel(d.issuerId)}</Table.Td>
                        <Table.Td>{when(d.createdAt)}</Table.Td>
                        <Table.Td>{mayManage(principal, d.issuerId) && <DeleteDidButton did={d.did} />}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
        <DidResolver />
      </Stack>
    </>
  );
}
