import { Button, Card, List, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { can } from '../../auth/roles';
import { EmptyState } from '../../components/EmptyState';

/** A platform without issuers: the steps from a fresh install to the first credential in a wallet. */
export function FreshInstall() {
  const { principal } = useAuth();
  const mayCreate = can(principal, 'issuer-admin');
  return (
    <Card withBorder padding="lg">
      <EmptyState
        title={mayCreate ? 'Create your first issuer' : 'No issuer to show yet'}
        action={
          mayCreate && (
            <Button component={Link} to="/issuers/new" leftSection={<IconPlus size={16} />}>
              Create your first issuer
            </Button>
          )
        }
      >
        {mayCreate
          ? 'The platform is running and has no issuer yet. Three steps to a credential in a wallet:'
          : 'There is no issuer you can see. Ask a platform administrator to create one or to grant you access.'}
      </EmptyState>
      {mayCreate && (
        <List type="ordered" mx="auto" maw={480} spacing={4} size="sm">
          <List.Item>Create an issuer with a credential configuration (templates help).</List.Item>
          <List.Item>Add a profile: the signing key and the data the credential carries.</List.Item>
          <List.Item>Create an offer and scan its QR code with a wallet.</List.Item>
        </List>
      )}
      <Text size="xs" c="dimmed" ta="center" mt="md">
        The counts of issued credentials and sessions will appear here.
      </Text>
    </Card>
  );
}
