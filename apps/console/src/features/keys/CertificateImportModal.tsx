import { useState } from 'react';
import { Modal, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { post } from '../../api/client';
import { applyApiError, notifySaved } from '../../api/use-api-form';
import { ModalActions } from '../../components/ModalActions';
import { KeyPicker } from './KeyPicker';
import { keysKeys } from './keys-api';
import { OwnerSelect } from './OwnerSelect';
import { ownerField } from './ownership';
import type { Certificate } from './types';

interface Values extends Record<string, unknown> {
  pem: string;
  keyId: string;
  issuerId: string;
}

/** `POST /api/v1/certificates/import`: a PEM certificate (chain leaf first), optionally bound to the kms key it certifies. */
export function CertificateImportModal({ opened, onClose, defaultOwner }: { opened: boolean; onClose: () => void; defaultOwner: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [message, setMessage] = useState<string>();
  const form = useForm<Values>({
    initialValues: { pem: '', keyId: '', issuerId: defaultOwner },
    validate: {
      pem: (value) =>
        value.includes('-----BEGIN CERTIFICATE-----') ? undefined : 'paste a PEM certificate (-----BEGIN CERTIFICATE-----…)',
    },
  });
  const importCertificate = useMutation({
    mutationFn: (v: Values) =>
      post<Certificate>('/certificates/import', { pem: v.pem.trim(), ...(v.keyId ? { keyId: v.keyId } : {}), ...ownerField(v.issuerId) }),
    onSuccess: (certificate) => {
      void queryClient.invalidateQueries({ queryKey: keysKeys.certificates });
      notifySaved('Certificate imported');
      form.reset();
      setMessage(undefined);
      onClose();
      navigate(`/certificates/${encodeURIComponent(certificate.certificateId)}`);
    },
    onError: (error) => setMessage(applyApiError(form, error)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Import a certificate" size="lg">
      <form onSubmit={form.onSubmit((v) => importCertificate.mutate(v))} noValidate>
        <Stack gap="sm">
          <Textarea
            label="PEM"
            description="The certificate, optionally followed by its chain (leaf first)"
            rows={8}
            required
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            {...form.getInputProps('pem')}
          />
          <OwnerSelect
            value={form.values.issuerId}
            onChange={(v) => {
              form.setFieldValue('issuerId', v);
              form.setFieldValue('keyId', '');
            }}
            error={form.errors.issuerId as string}
          />
          <KeyPicker
            owner={form.values.issuerId}
            value={form.values.keyId}
            onChange={(v) => form.setFieldValue('keyId', v)}
            error={form.errors.keyId as string}
            description="Optional: the kms key whose public key the certificate holds"
            required={false}
          />
          <ModalActions
            onCancel={onClose}
            submitLabel="Import"
            loading={importCertificate.isPending}
            message={message}
            error={importCertificate.error}
          />
        </Stack>
      </form>
    </Modal>
  );
}
