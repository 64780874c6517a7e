import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useIssuers } from '../../api/use-issuers';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { issuerName } from './issuer-config';
import { mayAdminister, mayCreateIssuer } from './issuer-permissions';
import type { Issuer } from './types';

const path = (issuer: Issuer, tail = '') => `/issuers/${encodeURIComponent(issuer.id)}${tail}`;

/** `/issuers`: the issuers in the principal's scope, and the way to a new one for those who may create it. */
export function IssuersListPage() {
  const { principal } = useAuth();
  const issuers = useIssuers<Issuer>();
  const canCreate = mayCreateIssuer(principal, issuers.data?.items.map((i) => i.id) ?? []);
  const newButton = canCreate && (
    <Button component={Link} to="/issuers/new" leftSection={<IconPlus size={16} />}>
      New issuer
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Issuers"
        description="Each issuer is one OpenID4VCI credential issuer with its own URL and credentials."
        actions={newButton}
      />
      <QueryState query={issuers}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title="No issuers yet" action={newButton || undefined}>
              {canCreate
                ? 'Create your first issuer: give it an id and a name, and add a credential configuration from a template.'
                : 'There is no issuer you can see. Ask a platform administrator to create your first issuer or to grant you one.'}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Issuer</Table.Th>
                    <Table.Th>Display name</Table.Th>
                    <Table.Th>Credential configurations</Table.Th>
                    <Table.Th>Links</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((issuer) => (
                    <Table.Tr key={issuer.id}>
                      <Table.Td>
                        <Anchor component={Link} to={path(issuer)} fw={500}>
                          {issuer.id}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{issuerName(issuer) === issuer.id ? <Text c="dimmed">—</Text> : issuerName(issuer)}</Table.Td>
                      <Table.Td>
                        <Badge
                          variant="light"
                          aria-label={`${Object.keys(issuer.credentialConfigurations).length} credential configurations`}
                        >
                          {Object.keys(issuer.credentialConfigurations).length}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <Anchor component={Link} to={path(issuer, '/profiles')} size="sm" aria-label={`Profiles of ${issuer.id}`}>
                            Profiles
                          </Anchor>
                          <Anchor component={Link} to={path(issuer, '/sessions')} size="sm" aria-label={`Sessions of ${issuer.id}`}>
                            Sessions
                          </Anchor>
                          <Anchor component={Link} to={path(issuer, '/preview')} size="sm" aria-label={`Wallet preview of ${issuer.id}`}>
                            Preview
                          </Anchor>
                          {mayAdminister(principal, issuer.id) && (
                            <Anchor component={Link} to={path(issuer, '/edit')} size="sm" aria-label={`Edit ${issuer.id}`}>
                              Edit
                            </Anchor>
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
