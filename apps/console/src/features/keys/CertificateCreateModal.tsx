import { useState } from 'react';
import { Modal, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { post } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { useAuth } from '../../auth/AuthProvider';
import { ModalActions } from '../../components/ModalActions';
import { applyFoldedApiError } from './form-errors';
import { KeyPicker } from './KeyPicker';
import { keysKeys, useCertificates } from './keys-api';
import { OwnerSelect } from './OwnerSelect';
import { ownerField, usableBy } from './ownership';
import type { Certificate } from './types';

interface Values extends Record<string, unknown> {
  profile: 'iaca' | 'document-signer' | 'self-signed';
  keyId: string;
  issuerId: string;
  subject: { commonName: string; country: string; organization: string; stateOrProvince: string };
  issuerCertificateId: string;
  validityDays: number | string;
  issuerAlternativeNameUri: string;
  crlDistributionPointUri: string;
  subjectAlternativeNames: { dnsNames: string; uris: string; ipAddresses: string };
}

const PROFILES = [
  { value: 'self-signed', label: 'Self-signed (x5c of SD-JWT VC, signed metadata)' },
  { value: 'iaca', label: 'IACA (mdoc issuing authority root)' },
  { value: 'document-signer', label: 'Document signer (mdoc, signed by an IACA)' },
];

/** One entry per line or comma; empty lists are left out of the body. */
const list = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

function bodyOf(v: Values) {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const sans = {
    dnsNames: list(v.subjectAlternativeNames.dnsNames),
    uris: list(v.subjectAlternativeNames.uris),
    ipAddresses: list(v.subjectAlternativeNames.ipAddresses),
  };
  const sanBody = Object.fromEntries(Object.entries(sans).filter(([, items]) => items.length > 0));
  return {
    profile: v.profile,
    keyId: v.keyId,
    subject: {
      commonName: v.subject.commonName.trim(),
      country: v.subject.country.trim(),
      ...(optional(v.subject.organization) ? { organization: optional(v.subject.organization) } : {}),
      ...(optional(v.subject.stateOrProvince) ? { stateOrProvince: optional(v.subject.stateOrProvince) } : {}),
    },
    ...(v.profile === 'document-signer' && v.issuerCertificateId ? { issuerCertificateId: v.issuerCertificateId } : {}),
    ...(v.validityDays !== '' ? { validityDays: Number(v.validityDays) } : {}),
    ...(optional(v.issuerAlternativeNameUri) ? { issuerAlternativeNameUri: optional(v.issuerAlternativeNameUri) } : {}),
    ...(optional(v.crlDistributionPointUri) ? { crlDistributionPointUri: optional(v.crlDistributionPointUri) } : {}),
    ...(Object.keys(sanBody).length ? { subjectAlternativeNames: sanBody } : {}),
    ...ownerField(v.issuerId),
  };
}

/** `POST /api/v1/certificates`: a certificate for a kms key, signed in kms (by the key itself, or by an IACA). */
export function CertificateCreateModal({ opened, onClose, defaultOwner }: { opened: boolean; onClose: () => void; defaultOwner: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { principal } = useAuth();
  const certificates = useCertificates();
  const [message, setMessage] = useState<string>();
  const form = useForm<Values>({
    initialValues: {
      profile: 'self-signed',
      keyId: '',
      issuerId: defaultOwner,
      subject: { commonName: '', country: '', organization: '', stateOrProvince: '' },
      issuerCertificateId: '',
      validityDays: '',
      issuerAlternativeNameUri: '',
      crlDistributionPointUri: '',
      subjectAlternativeNames: { dnsNames: '', uris: '', ipAddresses: '' },
    },
    validate: {
      keyId: (value) => (value ? undefined : 'choose a key'),
      subject: {
        commonName: (value) => (value.trim() ? undefined : 'is required'),
        country: (value) => (/^[A-Z]{2}$/.test(value.trim()) ? undefined : 'two uppercase letters (ISO 3166-1), e.g. DE'),
      },
      issuerCertificateId: (value, v) => (v.profile === 'document-signer' && !value ? 'choose the IACA that signs it' : undefined),
    },
  });
  const iacas = usableBy(certificates.data ?? [], form.values.issuerId, principal).filter((c) => c.profile === 'iaca');
  const create = useMutation({
    mutationFn: (v: Values) => post<Certificate>('/certificates', bodyOf(v)),
    onSuccess: (certificate) => {
      void queryClient.invalidateQueries({ queryKey: keysKeys.certificates });
      notifySaved(`Certificate ${certificate.subject.commonName ?? certificate.certificateId} created`);
      form.reset();
      setMessage(undefined);
      onClose();
      navigate(`/certificates/${encodeURIComponent(certificate.certificateId)}`);
    },
    // `subjectAlternativeNames.uris.1` → the URIs field, which edits the list as lines.
    onError: (error) =>
      setMessage(
        applyFoldedApiError(form, error, [
          'subjectAlternativeNames.dnsNames',
          'subjectAlternativeNames.uris',
          'subjectAlternativeNames.ipAddresses',
        ]),
      ),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Create a certificate" size="xl">
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Profile" data={PROFILES} allowDeselect={false} required {...form.getInputProps('profile')} />
            <OwnerSelect
              value={form.values.issuerId}
              onChange={(v) => {
                form.setFieldValue('issuerId', v);
                form.setFieldValue('keyId', '');
                form.setFieldValue('issuerCertificateId', '');
              }}
              error={form.errors.issuerId as string}
            />
          </SimpleGrid>
          <KeyPicker
            owner={form.values.issuerId}
            value={form.values.keyId}
            onChange={(v) => form.setFieldValue('keyId', v)}
            error={form.errors.keyId as string}
            description="The key the certificate certifies (an IACA or self-signed certificate is also signed with it)"
          />
          {form.values.profile === 'document-signer' && (
            <Select
              label="Issuer certificate (IACA)"
              data={iacas.map((c) => ({
                value: c.certificateId,
                label: `${c.subject.commonName ?? c.certificateId} · ${c.certificateId.slice(0, 8)}`,
              }))}
              placeholder={iacas.length ? 'Choose the IACA' : 'No IACA of this owner yet: create one first'}
              required
              {...form.getInputProps('issuerCertificateId')}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Common name" required {...form.getInputProps('subject.commonName')} />
            <TextInput
              label="Country"
              description="ISO 3166-1 alpha-2, e.g. DE"
              required
              maxLength={2}
              {...form.getInputProps('subject.country')}
            />
            <TextInput label="Organization" {...form.getInputProps('subject.organization')} />
            <TextInput label="State or province" {...form.getInputProps('subject.stateOrProvince')} />
          </SimpleGrid>
          <NumberInput
            label="Validity (days)"
            description="Empty: the profile's default (IACA 3650, document signer 365, self-signed 365)"
            min={1}
            allowDecimal={false}
            {...form.getInputProps('validityDays')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Issuer alternative name URI" placeholder="https://…" {...form.getInputProps('issuerAlternativeNameUri')} />
            <TextInput label="CRL distribution point URI" placeholder="https://…" {...form.getInputProps('crlDistributionPointUri')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Textarea
              label="SAN: DNS names"
              description="One per line"
              rows={2}
              {...form.getInputProps('subjectAlternativeNames.dnsNames')}
            />
            <Textarea
              label="SAN: URIs"
              description="One per line (e.g. the issuer URL)"
              rows={2}
              {...form.getInputProps('subjectAlternativeNames.uris')}
            />
            <Textarea
              label="SAN: IP addresses"
              description="One per line"
              rows={2}
              {...form.getInputProps('subjectAlternativeNames.ipAddresses')}
            />
          </SimpleGrid>
          <ModalActions onCancel={onClose} submitLabel="Create" loading={create.isPending} message={message} error={create.error} />
        </Stack>
      </form>
    </Modal>
  );
}
