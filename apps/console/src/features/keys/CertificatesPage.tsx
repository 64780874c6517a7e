import { useState } from 'react';
import { Anchor, Button, Table, Text } from '@mantine/core';
import { IconPlus, IconUpload } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { CertificateCreateModal } from './CertificateCreateModal';
import { CertificateImportModal } from './CertificateImportModal';
import { ExpiryBadge } from './ExpiryBadge';
import { ownerLabel, shortId, when } from './format';
import { useCertificates, useIssuerIds } from './keys-api';
import { ownerOptions } from './ownership';

export const PROFILE_LABEL: Record<string, string> = {
  iaca: 'IACA',
  'document-signer': 'Document signer',
  'self-signed': 'Self-signed',
  imported: 'Imported',
};

/** `/certificates`: the X.509 certificates in scope; create (signed in kms) or import, and open one. */
export function CertificatesPage() {
  const { principal } = useAuth();
  const certificates = useCertificates();
  const issuers = useIssuerIds();
  const owners = ownerOptions(principal, issuers.data ?? []);
  const [dialog, setDialog] = useState<'create' | 'import'>();
  const actions = owners.length > 0 && (
    <>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog('create')}>
        Create certificate
      </Button>
      <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setDialog('import')}>
        Import PEM
      </Button>
    </>
  );
  return (
    <>
      <PageHeader
        title="Certificates"
        description="X.509 certificates for mdoc (IACA, document signers) and x5c chains."
        actions={actions}
      />
      {owners.length > 0 && (
        <>
          <CertificateCreateModal opened={dialog === 'create'} onClose={() => setDialog(undefined)} defaultOwner={owners[0].value} />
          <CertificateImportModal opened={dialog === 'import'} onClose={() => setDialog(undefined)} defaultOwner={owners[0].value} />
        </>
      )}
      <QueryState query={certificates}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              title="No certificates yet"
              action={owners.length > 0 && <Button onClick={() => setDialog('create')}>Create a certificate</Button>}
            >
              mdoc issuance needs an IACA and a document signer; an SD-JWT VC can carry an x5c chain from a self-signed certificate.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Subject</Table.Th>
                    <Table.Th>Profile</Table.Th>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Owner</Table.Th>
                    <Table.Th>Valid until</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => {
                    return (
                      <Table.Tr key={c.certificateId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/certificates/${encodeURIComponent(c.certificateId)}`} title={c.certificateId}>
                            {c.subject.commonName ?? shortId(c.certificateId)}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {[c.subject.organization, c.subject.country].filter(Boolean).join(', ')}
                          </Text>
                        </Table.Td>
                        <Table.Td>{PROFILE_LABEL[c.profile] ?? c.profile}</Table.Td>
                        <Table.Td>
                          {c.keyId ? (
                            <Anchor component={Link} to={`/keys/${encodeURIComponent(c.keyId)}`} size="sm" title={c.keyId}>
                              {shortId(c.keyId)}
                            </Anchor>
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{ownerLabel(c.issuerId)}</Table.Td>
                        <Table.Td>
                          {when(c.notAfter)} <ExpiryBadge notAfter={c.notAfter} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </>
  );
}
