import type { ReactNode } from 'react';
import { Anchor, Badge, CopyButton, DataList, Group, Paper, SimpleGrid, Text, Title, Tooltip, ActionIcon } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useKeys } from './issuers-api';
import type { Issuer, Key } from './types';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        {title}
      </Title>
      <DataList labelWidth={190}>{children}</DataList>
    </Paper>
  );
}

const yesNo = (value: boolean | undefined, byDefault: boolean) => ((value ?? byDefault) ? 'Yes' : 'No');
const none = <Text c="dimmed">—</Text>;

function KeyName({ keyId, keys }: { keyId?: string; keys?: Key[] }) {
  if (!keyId) return none;
  const key = keys?.find((k) => k.keyId === keyId);
  return (
    <Text size="sm" title={keyId}>
      {key ? `${key.name ?? 'Unnamed'} (${key.type}, ${key.alg})` : keyId}
    </Text>
  );
}

/** The issuer's configuration at a glance, with the public URLs wallets use. */
export function IssuerOverview({ issuer }: { issuer: Issuer }) {
  const keys = useKeys();
  const auth = issuer.authorization ?? {};
  const origin = new URL(issuer.credentialIssuer).origin;
  const path = new URL(issuer.credentialIssuer).pathname;
  const configurations = Object.values(issuer.credentialConfigurations);
  const formats = [...new Set(configurations.map((c) => c.format))];
  const providers = Object.keys((auth.identityProviders as Record<string, unknown> | undefined) ?? {});
  const externalAs = (auth.externalAuthorizationServer as { issuer?: string } | undefined)?.issuer;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Section title="Issuer">
        <Item label="Credential issuer">
          <Group gap={4} wrap="nowrap">
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              {issuer.credentialIssuer}
            </Text>
            <CopyButton value={issuer.credentialIssuer}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy'}>
                  <ActionIcon variant="subtle" size="sm" onClick={copy} aria-label="Copy the credential issuer URL">
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Item>
        <Item label="Display">
          {issuer.display?.length
            ? issuer.display.map((d, i) => (
                <Text size="sm" key={i}>
                  {d.name}
                  {d.locale ? ` (${d.locale})` : ''}
                  {d.logo ? ' · logo' : ''}
                </Text>
              ))
            : none}
        </Item>
        <Item label="Credential configurations">
          {configurations.length}{' '}
          {formats.map((f) => (
            <Badge key={f} variant="light" ml={4} size="sm" tt="none">
              {f}
            </Badge>
          ))}
        </Item>
        <Item label="Batch size">{issuer.batchSize ?? 1}</Item>
        <Item label="Created">{new Date(issuer.createdAt).toLocaleString()}</Item>
        <Item label="Updated">{new Date(issuer.updatedAt).toLocaleString()}</Item>
      </Section>
      <Section title="Keys">
        <Item label="Token key">
          <KeyName keyId={issuer.tokenKeyId} keys={keys.data} />
        </Item>
        <Item label="Status list key">
          <KeyName keyId={issuer.statusListKeyId} keys={keys.data} />
        </Item>
        <Item label="Metadata signing key">
          <KeyName keyId={issuer.signedMetadata?.keyId} keys={keys.data} />
        </Item>
        <Item label="Metadata certificate">{issuer.signedMetadata?.certificateId ?? none}</Item>
        <Item label="Key attestation trust">{issuer.keyAttestationTrust ? 'Configured' : none}</Item>
      </Section>
      <Section title="Authorization">
        <Item label="Pushed authorization">{yesNo(auth.requirePar, false)}</Item>
        <Item label="DPoP required">{yesNo(auth.requireDpop, false)}</Item>
        <Item label="DPoP nonces required">{yesNo(auth.requireDpopNonce, false)}</Item>
        <Item label="Access token lifetime">{auth.accessTokenTtl ?? '10m'}</Item>
        <Item label="Refresh tokens">{yesNo(auth.refreshTokens, true)}</Item>
        <Item label="Identity providers">{providers.length ? providers.join(', ') : none}</Item>
        <Item label="External authorization server">{externalAs ?? none}</Item>
      </Section>
      <Section title="Public endpoints">
        {[
          ['Issuer metadata', `${origin}/.well-known/openid-credential-issuer${path}`],
          ['Authorization server', `${origin}/.well-known/oauth-authorization-server${path}`],
          ['JWT VC issuer', `${origin}/.well-known/jwt-vc-issuer${path}`],
          ['JWKS', `${issuer.credentialIssuer}/jwks`],
        ].map(([label, url]) => (
          <Item key={label} label={label}>
            <Anchor href={url} target="_blank" rel="noreferrer" size="sm" style={{ wordBreak: 'break-all' }}>
              {url}
            </Anchor>
          </Item>
        ))}
      </Section>
    </SimpleGrid>
  );
}
