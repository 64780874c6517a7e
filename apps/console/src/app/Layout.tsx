import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import type { NavItem } from './nav';

/**
 * The entry a path belongs to: the one owning it by the longest pattern match (an offer page of a profile is Offers,
 * the profile itself Profiles), else the one whose `to` is its longest prefix.
 */
export function activeEntry(items: NavItem[], pathname: string): NavItem | undefined {
  const owners = items
    .map((item) => ({ item, length: item.owns?.exec(pathname)?.[0].length ?? -1 }))
    .filter((owner) => owner.length >= 0)
    .sort((a, b) => b.length - a.length);
  if (owners[0]) return owners[0].item;
  const prefixes = items.filter((item) =>
    item.to === '/' ? pathname === '/' : pathname === item.to || pathname.startsWith(`${item.to}/`),
  );
  return prefixes.sort((a, b) => b.to.length - a.to.length)[0];
}

/** The frame of every signed-in page: navigation (collapsible on tablets), who is signed in, the page. */
export function Layout({ nav }: { nav: NavItem[] }) {
  const { principal, name, signOut } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const items = principal ? nav.filter((item) => item.visible(principal)).sort((a, b) => a.order - b.order) : [];
  const active = activeEntry(items, location.pathname);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label="Toggle navigation" />
            <Title order={4}>Issuer console</Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm" data-testid="principal">
              {name ?? principal?.id} · {principal?.roles.join(', ')}
            </Text>
            <Button variant="subtle" size="compact-sm" leftSection={<IconLogout size={16} />} onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              leftSection={<item.icon size={18} stroke={1.6} />}
              active={item === active}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
