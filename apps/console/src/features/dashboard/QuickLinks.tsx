import { Anchor, Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { can, canOnPlatform } from '../../auth/roles';

/** Where the work usually starts, limited to what the principal may do. */
export function QuickLinks() {
  const { principal } = useAuth();
  const links = [
    { to: '/issuers', label: 'Issuers', text: 'Credential configurations, profiles and offers', show: true },
    { to: '/issuers/new', label: 'New issuer', text: 'Set up another credential issuer', show: can(principal, 'issuer-admin') },
    { to: '/keys', label: 'Keys', text: 'Signing keys, their status and usage', show: true },
    { to: '/certificates', label: 'Certificates', text: 'IACA, document signers, x5c chains', show: true },
    { to: '/audit', label: 'Audit log', text: 'Who changed what', show: can(principal, 'issuer-admin') },
    { to: '/retention', label: 'Retention', text: 'How long session data is kept', show: canOnPlatform(principal, 'platform-admin') },
  ].filter((link) => link.show);
  return (
    <Card withBorder padding="md" component="nav" aria-labelledby="quick-links-title">
      <Title order={4} id="quick-links-title" mb="sm">
        Quick links
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="sm">
        {links.map((link) => (
          <div key={link.to}>
            <Anchor component={Link} to={link.to} fw={500}>
              {link.label}
            </Anchor>
            <Text size="xs" c="dimmed">
              {link.text}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Card>
  );
}
