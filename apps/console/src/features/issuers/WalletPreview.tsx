import { useState } from 'react';
import { Anchor, Avatar, Badge, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { QueryState } from '../../components/QueryState';
import { pickDisplay } from './issuer-config';
import { useIssuerMetadata } from './issuers-api';
import type { ClaimDescription, CredentialConfiguration, IssuerMetadata } from './types';
import { WalletCard } from './WalletCard';

/** Every locale the metadata has a display entry for (issuer, cards or claims). */
function localesOf(metadata: IssuerMetadata): string[] {
  const found = new Set<string>();
  const add = (entries?: { locale?: string }[]) => entries?.forEach((e) => e.locale && found.add(e.locale));
  add(metadata.display);
  for (const c of Object.values(metadata.credential_configurations_supported)) {
    add(c.credential_metadata?.display);
    c.credential_metadata?.claims?.forEach((claim) => add(claim.display));
  }
  return [...found].sort();
}

/** A claim's label in `locale`, else its path as a wallet without labels would show it. */
export function claimLabel(claim: ClaimDescription, locale?: string): string {
  return (
    pickDisplay(claim.display, locale)?.name || claim.path.filter((p) => typeof p === 'string').join(' › ') || JSON.stringify(claim.path)
  );
}

function PreviewCard({
  id,
  configuration,
  locale,
  issuerName,
}: {
  id: string;
  configuration: CredentialConfiguration;
  locale?: string;
  issuerName?: string;
}) {
  const claims = configuration.credential_metadata?.claims ?? [];
  return (
    <Stack gap="xs" data-testid={`preview-${id}`}>
      <WalletCard display={pickDisplay(configuration.credential_metadata?.display, locale)} fallbackName={id} issuerName={issuerName} />
      <Group gap={6}>
        <Badge variant="light" size="sm" tt="none">
          {configuration.format}
        </Badge>
        <Text size="xs" c="dimmed">
          {id}
        </Text>
      </Group>
      {claims.length > 0 ? (
        <Text size="sm" component="div">
          <Text span size="xs" c="dimmed" display="block">
            Shares
          </Text>
          {claims.map((claim, i) => (
            <Text key={i} size="sm" span>
              {claimLabel(claim, locale)}
              {i < claims.length - 1 ? ', ' : ''}
            </Text>
          ))}
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          No claims described: wallets show the raw credential contents.
        </Text>
      )}
    </Stack>
  );
}

/**
 * The credentials as a wallet would list them, rendered from the public Credential Issuer Metadata (what wallets
 * really fetch, with the platform's defaults such as the `vct`), in one of its locales.
 */
export function WalletPreview({ issuerId }: { issuerId: string }) {
  const metadata = useIssuerMetadata(issuerId);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <QueryState query={metadata}>
      {(data) => {
        const locales = localesOf(data);
        const locale =
          chosen ??
          pickDisplay(
            locales.map((l) => ({ locale: l })),
            navigator.language,
          )?.locale;
        const issuer = pickDisplay(data.display, locale);
        const url = `/.well-known/openid-credential-issuer/issuers/${encodeURIComponent(issuerId)}`;
        return (
          <Stack gap="md">
            <Paper withBorder p="sm">
              <Group justify="space-between" wrap="wrap">
                <Group gap="sm" wrap="nowrap">
                  <Avatar src={issuer?.logo?.uri} alt={issuer?.logo?.alt_text ?? ''} radius="sm">
                    {(issuer?.name ?? issuerId).slice(0, 2).toUpperCase()}
                  </Avatar>
                  <div>
                    <Text fw={600}>{issuer?.name ?? data.credential_issuer}</Text>
                    <Text size="xs" c="dimmed">
                      Offered by {data.credential_issuer}
                    </Text>
                  </div>
                </Group>
                <Group gap="sm">
                  {locales.length > 1 && (
                    <Select
                      label="Language"
                      data={locales}
                      value={locale ?? null}
                      onChange={setChosen}
                      w={140}
                      size="xs"
                      allowDeselect={false}
                    />
                  )}
                  <Anchor href={url} target="_blank" rel="noreferrer" size="sm">
                    Metadata JSON
                  </Anchor>
                </Group>
              </Group>
            </Paper>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
              {Object.entries(data.credential_configurations_supported).map(([id, configuration]) => (
                <PreviewCard key={id} id={id} configuration={configuration} locale={locale} issuerName={issuer?.name} />
              ))}
            </SimpleGrid>
          </Stack>
        );
      }}
    </QueryState>
  );
}
