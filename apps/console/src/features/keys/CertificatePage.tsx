import { Anchor, Button, Card, Code, CopyButton, Group, ScrollArea, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { subjectAltNames } from './certificate-sans';
import { ExpiryBadge } from './ExpiryBadge';
import { PROFILE_LABEL } from './CertificatesPage';
import { ownerLabel, when } from './format';
import { useCertificate } from './keys-api';
import type { Certificate } from './types';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-all' }}>
        {children}
      </Text>
    </Group>
  );
}

function Sans({ certificate }: { certificate: Certificate }) {
  const sans = subjectAltNames(certificate.pem);
  if (!sans)
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  const entries = [
    ...sans.dnsNames.map((v) => `DNS: ${v}`),
    ...sans.uris.map((v) => `URI: ${v}`),
    ...sans.ipAddresses.map((v) => `IP: ${v}`),
  ];
  return (
    <Stack gap={2} data-testid="certificate-sans">
      {entries.map((entry) => (
        <span key={entry}>{entry}</span>
      ))}
    </Stack>
  );
}

/** `/certificates/:certificateId`: subject, validity, SANs, the PEM (with a copy button) and the chain. */
export function CertificatePage() {
  const { certificateId = '' } = useParams();
  const certificate = useCertificate(certificateId);
  return (
    <QueryState query={certificate}>
      {(c) => {
        const subject = c.subject;
        return (
          <>
            <PageHeader
              title={subject.commonName ?? 'Certificate'}
              description={
                <>
                  <Anchor component={Link} to="/certificates" size="sm">
                    Certificates
                  </Anchor>{' '}
                  / <Code>{c.certificateId}</Code>
                </>
              }
            />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Card withBorder padding="md" component="section">
                <Title order={4} mb="sm">
                  Details
                </Title>
                <Stack gap={6}>
                  <Row label="Profile">{PROFILE_LABEL[c.profile] ?? c.profile}</Row>
                  <Row label="Subject">
                    {[
                      subject.commonName && `CN=${subject.commonName}`,
                      subject.organization && `O=${subject.organization}`,
                      subject.stateOrProvince && `ST=${subject.stateOrProvince}`,
                      subject.country && `C=${subject.country}`,
                    ]
                      .filter(Boolean)
                      .join(', ')}
                  </Row>
                  <Row label="Valid from">{when(c.notBefore)}</Row>
                  <Row label="Valid until">
                    {when(c.notAfter)} <ExpiryBadge notAfter={c.notAfter} />
                  </Row>
                  <Row label="Serial number">
                    <Code>{c.serialNumber}</Code>
                  </Row>
                  <Row label="Key">
                    {c.keyId ? (
                      <Anchor component={Link} to={`/keys/${encodeURIComponent(c.keyId)}`}>
                        {c.keyId}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Row>
                  <Row label="Issued by">
                    {c.issuerCertificateId ? (
                      <Anchor component={Link} to={`/certificates/${encodeURIComponent(c.issuerCertificateId)}`}>
                        {c.issuerCertificateId}
                      </Anchor>
                    ) : (
                      'itself'
                    )}
                  </Row>
                  <Row label="Owner">{ownerLabel(c.issuerId)}</Row>
                  <Row label="Alternative names">
                    <Sans certificate={c} />
                  </Row>
                  <Row label="Chain">{c.chain.length} certificate(s), leaf first</Row>
                </Stack>
              </Card>
              <Card withBorder padding="md" component="section">
                <Group justify="space-between" mb="sm">
                  <Title order={4}>PEM</Title>
                  <CopyButton value={c.chain.length > 1 ? c.chain.join('\n') : c.pem}>
                    {({ copied, copy }) => (
                      <Button size="compact-sm" variant="light" onClick={copy}>
                        {copied ? 'Copied' : c.chain.length > 1 ? 'Copy chain' : 'Copy PEM'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <ScrollArea.Autosize mah={460}>
                  <Code block data-testid="certificate-pem">
                    {c.pem}
                  </Code>
                </ScrollArea.Autosize>
              </Card>
            </SimpleGrid>
          </>
        );
      }}
    </QueryState>
  );
}
