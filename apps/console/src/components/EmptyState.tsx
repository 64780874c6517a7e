import type { ReactNode } from 'react';
import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';

/** What an empty list shows: what is missing and the next step (usually a button to create the first one). */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" data-testid="empty-state">
      <ThemeIcon size={48} radius="xl" variant="light">
        <IconInbox size={28} />
      </ThemeIcon>
      <Title order={4}>{title}</Title>
      {children && (
        <Text c="dimmed" ta="center" maw={480}>
          {children}
        </Text>
      )}
      {action}
    </Stack>
  );
}
