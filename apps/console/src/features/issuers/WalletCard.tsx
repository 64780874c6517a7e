import { useState } from 'react';
import { Box, Group, Image, Stack, Text } from '@mantine/core';
import type { CredentialDisplay } from './types';

const DEFAULT_BACKGROUND = '#4a5568';

/** Black or white, whichever reads better on a `#rgb`/`#rrggbb` background (white for anything else). */
export function readableTextColor(background: string): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(background.trim())?.[1];
  if (!hex) return '#ffffff';
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  // Relative luminance (WCAG 2.x) without the gamma step: enough to choose between black and white.
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 ? '#1a1a1a' : '#ffffff';
}

/**
 * A credential as a wallet lists it (OID4VCI 1.0 §12.2.4 `credential_metadata.display`): the card in its
 * background colour or image, its logo, name and description in its text colour, and who issued it.
 */
export function WalletCard({
  display,
  fallbackName,
  issuerName,
}: {
  display?: CredentialDisplay;
  fallbackName: string;
  issuerName?: string;
}) {
  const [logoFailed, setLogoFailed] = useState<string>();
  const background = display?.background_color || DEFAULT_BACKGROUND;
  const color = display?.text_color || readableTextColor(background);
  const logo = display?.logo?.uri && logoFailed !== display.logo.uri ? display.logo : undefined;
  const image = display?.background_image?.uri;
  return (
    <Box
      data-testid="wallet-card"
      role="group"
      aria-label={`Wallet card: ${display?.name || fallbackName}`}
      p="md"
      maw={340}
      w="100%"
      style={{
        aspectRatio: '1.586',
        borderRadius: 14,
        color,
        backgroundColor: background,
        backgroundImage: image ? `url("${encodeURI(image)}")` : undefined,
        backgroundSize: 'cover',
        boxShadow: '0 4px 14px rgba(0, 0, 0, 0.18)',
        overflow: 'hidden',
      }}
    >
      <Stack h="100%" justify="space-between" gap={4}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          {logo ? (
            <Image
              src={logo.uri}
              alt={logo.alt_text ?? ''}
              h={36}
              w="auto"
              maw={120}
              fit="contain"
              onError={() => setLogoFailed(logo.uri)}
            />
          ) : (
            <span />
          )}
          {issuerName && (
            <Text size="xs" style={{ color, opacity: 0.85 }} ta="right" lineClamp={2}>
              {issuerName}
            </Text>
          )}
        </Group>
        <Stack gap={2}>
          <Text fw={700} size="lg" style={{ color }} lineClamp={2}>
            {display?.name || fallbackName}
          </Text>
          {display?.description && (
            <Text size="sm" style={{ color, opacity: 0.9 }} lineClamp={2}>
              {display.description}
            </Text>
          )}
        </Stack>
      </Stack>
    </Box>
  );
}
