import { Badge, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { QueryState } from '../../components/QueryState';
import { JsonBlock } from './JsonBlock';
import { bodyOf } from './profile-body';
import { useVersion } from './profiles-api';
import { changedPaths } from './version-diff';

const COLORS = { added: 'green', removed: 'red', changed: 'blue' } as const;

export interface VersionModalProps {
  issuerId: string;
  profileId: string;
  version: number | undefined;
  onClose: () => void;
}

/** One stored version: what it changed from the version before, and its whole body as written. */
export function VersionModal({ issuerId, profileId, version, onClose }: VersionModalProps) {
  const shown = useVersion(issuerId, profileId, version);
  const previous = useVersion(issuerId, profileId, version !== undefined && version > 1 ? version - 1 : undefined);
  return (
    // lockScroll off: react-remove-scroll's <style> element carries no CSP nonce, so the page's CSP would block it.
    <Modal opened={version !== undefined} onClose={onClose} title={`Version ${version ?? ''}`} size="xl" lockScroll={false}>
      <QueryState query={shown}>
        {(data) => {
          const changes = previous.data ? changedPaths(bodyOf(previous.data), bodyOf(data)) : undefined;
          return (
            <Stack gap="md">
              <Text size="sm" c="dimmed">
                Stored {new Date(data.createdAt).toLocaleString()}
                {data.current ? ' · the current version: new offers are made from it' : ' · offers made from it keep using it'}
              </Text>
              {version !== undefined && version > 1 && (
                <div>
                  <Title order={5} mb={4}>
                    Changes from version {version - 1}
                  </Title>
                  {!changes ? (
                    <Text size="sm" c="dimmed">
                      {previous.isError ? 'Version ' + (version - 1) + ' could not be read.' : 'Comparing…'}
                    </Text>
                  ) : changes.length === 0 ? (
                    <Text size="sm">No change in the body (saved as it was).</Text>
                  ) : (
                    <List size="sm" spacing={2} data-testid="version-changes">
                      {changes.map((c) => (
                        <List.Item key={c.path}>
                          <Group gap={6} wrap="nowrap">
                            <Badge size="xs" color={COLORS[c.change]} variant="light">
                              {c.change}
                            </Badge>
                            <code>{c.path}</code>
                          </Group>
                        </List.Item>
                      ))}
                    </List>
                  )}
                </div>
              )}
              <div>
                <Title order={5} mb={4}>
                  Body
                </Title>
                <JsonBlock value={bodyOf(data)} maxHeight={420} label={`Version ${version} body`} />
              </div>
            </Stack>
          );
        }}
      </QueryState>
    </Modal>
  );
}
