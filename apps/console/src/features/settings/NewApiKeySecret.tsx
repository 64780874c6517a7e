import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/** The new key, shown this once: the platform keeps only its hash. */
export function NewApiKeySecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  return (
    <Stack gap="sm">
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Copy the key now">
        This is the only time the key of <b>{name}</b> is shown. The platform stores only its hash: if it is lost, revoke it and create
        another.
      </Alert>
      <Code block data-testid="new-api-key" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {secret}
      </Code>
      <Group justify="space-between">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined} onClick={copy}>
              {copied ? 'Copied' : 'Copy key'}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={onDone}>
          I have stored it
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Use it as <Code>Authorization: Bearer …</Code> with the admin API, or sign in to this console with it.
      </Text>
    </Stack>
  );
}
