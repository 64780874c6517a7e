import { ActionIcon, Anchor, Button, Code, CopyButton, Grid, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { seg } from '../../api/client';
import { formatDateTime } from './format';
import { OfferQrCode } from './OfferQrCode';
import type { OfferResponse } from './types';

/**
 * A created offer as the operator hands it out: the QR code to scan, the deep link for a wallet on this device or
 * to send, and the transaction code, which the holder must get on another channel than the QR code.
 */
export function OfferResult({ issuerId, offer, onAnother }: { issuerId: string; offer: OfferResponse; onAnother: () => void }) {
  return (
    <Paper withBorder p="md">
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, sm: 'content' }}>
          <Stack align="center" gap={4}>
            <OfferQrCode value={offer.credentialOffer} size={320} />
            <Text size="sm" c="dimmed">
              Scan with the wallet
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 'auto' }}>
          <Stack gap="md">
            <Title order={3}>Offer created</Title>
            {offer.txCodeValue && (
              <Stack gap={2}>
                <Text fw={600}>Transaction code</Text>
                <Text data-testid="offer-tx-code" ff="monospace" fz={36} fw={700} style={{ letterSpacing: '0.2em' }}>
                  {offer.txCodeValue}
                </Text>
                <Text size="sm" c="dimmed">
                  Give it to the holder on another channel than the QR code (read it out, print it, send it separately).
                </Text>
              </Stack>
            )}
            <Stack gap={4}>
              <Text fw={600}>Link</Text>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Code data-testid="offer-link" style={{ wordBreak: 'break-all', flex: 1 }}>
                  {offer.credentialOffer}
                </Code>
                <CopyButton value={offer.credentialOffer}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? 'Copied' : 'Copy the link'}>
                      <ActionIcon variant="light" onClick={copy} aria-label="Copy the link">
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
              <Anchor href={offer.credentialOffer} size="sm">
                Open in a wallet on this device
              </Anchor>
            </Stack>
            <Text size="sm">
              Expires: <strong>{formatDateTime(offer.expiresAt)}</strong> · session <Code>{offer.sessionId}</Code> · profile version{' '}
              {offer.profileVersion}
            </Text>
            <Group gap="sm">
              <Button component={Link} to={`/issuers/${seg(issuerId)}/sessions/${seg(offer.sessionId)}`}>
                Open session
              </Button>
              <Button variant="default" onClick={onAnother}>
                Create another offer
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
