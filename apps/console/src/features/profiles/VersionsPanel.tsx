import { useState } from 'react';
import { Badge, Button, Table, Text } from '@mantine/core';
import { QueryState } from '../../components/QueryState';
import { useVersions } from './profiles-api';
import { VersionModal } from './VersionModal';

/** Every stored version of the profile (API.md §5: every save makes one; offers keep theirs), newest first. */
export function VersionsPanel({ issuerId, profileId }: { issuerId: string; profileId: string }) {
  const versions = useVersions(issuerId, profileId);
  const [open, setOpen] = useState<number>();
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        Each save stores a new version. New offers use the current one; an offer keeps the version it was made from until it is redeemed or
        expires.
      </Text>
      <QueryState query={versions}>
        {({ items }) => (
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing="xs" data-testid="versions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Credential configuration</Table.Th>
                  <Table.Th>Stored</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((v) => (
                  <Table.Tr key={v.version}>
                    <Table.Td>
                      {v.version}{' '}
                      {v.current && (
                        <Badge size="sm" variant="light" color="green">
                          current
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{v.name}</Table.Td>
                    <Table.Td>{v.credentialConfigurationId}</Table.Td>
                    <Table.Td>{new Date(v.createdAt).toLocaleString()}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setOpen(v.version)}
                        aria-label={`View version ${v.version}`}
                      >
                        View
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <VersionModal issuerId={issuerId} profileId={profileId} version={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
