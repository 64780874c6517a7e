import { Alert, Anchor, Badge, Card, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { QueryState } from '../../components/QueryState';
import { useKeyUsage } from './keys-api';

const FIELD_LABEL: Record<string, string> = {
  tokenKeyId: 'access tokens',
  statusListKeyId: 'status lists',
  'signedMetadata.keyId': 'signed metadata',
};

/** What uses a key: the issuers, profiles, DIDs and status lists that keep it from being deleted or disabled. */
export function KeyUsagePanel({ keyId }: { keyId: string }) {
  const usage = useKeyUsage(keyId);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="usage-title">
      <Title order={4} id="usage-title" mb="sm">
        Usage
      </Title>
      <QueryState query={usage}>
        {(u) => (
          <Stack gap="sm">
            <Text size="sm" data-testid="key-in-use">
              {u.inUse ? (
                <Badge color="orange" variant="light">
                  In use
                </Badge>
              ) : (
                <Badge color="gray" variant="light">
                  Not in use
                </Badge>
              )}{' '}
              {u.inUse
                ? 'Deleting it, or disabling it without force, is refused while these use it.'
                : 'Nothing listed here holds the key: it can be deleted.'}
            </Text>
            <div>
              <Text fw={500} size="sm">
                Issuers
              </Text>
              {u.issuers.length === 0 ? (
                <Text size="sm" c="dimmed">
                  None
                </Text>
              ) : (
                <List size="sm">
                  {u.issuers.map((i) => (
                    <List.Item key={i.issuerId}>
                      <Anchor component={Link} to={`/issuers/${encodeURIComponent(i.issuerId)}`}>
                        {i.issuerId}
                      </Anchor>{' '}
                      signs {i.fields.map((f) => FIELD_LABEL[f] ?? f).join(', ')}
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
            <div>
              <Text fw={500} size="sm">
                Profiles
              </Text>
              {u.profiles.length === 0 ? (
                <Text size="sm" c="dimmed">
                  None
                </Text>
              ) : (
                <List size="sm">
                  {u.profiles.map((p) => (
                    <List.Item key={`${p.issuerId}/${p.profileId}`}>
                      <Anchor
                        component={Link}
                        to={`/issuers/${encodeURIComponent(p.issuerId)}/profiles/${encodeURIComponent(p.profileId)}`}
                      >
                        {p.issuerId} / {p.profileId}
                      </Anchor>{' '}
                      {p.status !== 'ACTIVE' && (
                        <Badge size="xs" color="gray" variant="light">
                          {p.status.toLowerCase()}
                        </Badge>
                      )}
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
            <div>
              <Text fw={500} size="sm">
                DIDs
              </Text>
              {u.dids === null ? (
                <Text size="sm" c="orange">
                  The DID registry did not answer.
                </Text>
              ) : u.dids.length === 0 ? (
                <Text size="sm" c="dimmed">
                  None
                </Text>
              ) : (
                <List size="sm">
                  {u.dids.map((did) => (
                    <List.Item key={did} style={{ wordBreak: 'break-all' }}>
                      {did}
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
            <div>
              <Text fw={500} size="sm">
                Status lists
              </Text>
              {u.statusLists === null ? (
                <Text size="sm" c="orange">
                  The status list service did not answer.
                </Text>
              ) : u.statusLists.count === 0 ? (
                <Text size="sm" c="dimmed">
                  None
                </Text>
              ) : (
                <Text size="sm">
                  Signs {u.statusLists.count} live status list(s): {u.statusLists.uris.join(', ')}
                </Text>
              )}
            </div>
            {u.otherIssuers > 0 && (
              <Alert color="gray" variant="light">
                Also used by {u.otherIssuers} issuer(s) outside your scope.
              </Alert>
            )}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
