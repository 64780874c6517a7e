import { SimpleGrid, TextInput } from '@mantine/core';
import { useAuth } from '../../auth/AuthProvider';
import { canOnPlatform } from '../../auth/roles';
import { useKeys } from './issuers-api';
import { KeySelect } from './KeySelect';
import type { IssuerForm } from './use-issuer-form';

/** The kms keys the issuer itself signs with: tokens, status lists and signed metadata (profiles name their own). */
export function IssuerKeysFields({ form }: { form: IssuerForm }) {
  const { principal } = useAuth();
  const keys = useKeys();
  const values = form.values;
  const common = {
    keys: keys.data,
    loading: keys.isPending,
    issuerId: values.id,
    platformKeys: canOnPlatform(principal, 'platform-admin'),
  };
  const setKey = (path: 'tokenKeyId' | 'statusListKeyId') => (keyId: string | undefined) => form.setFieldValue(path, keyId);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <KeySelect
        {...common}
        label="Token key"
        description="Signs ID token and VP token login requests"
        value={values.tokenKeyId}
        onChange={setKey('tokenKeyId')}
        error={form.errors.tokenKeyId as string | undefined}
      />
      <KeySelect
        {...common}
        label="Status list key"
        description="Signs the Token Status Lists; empty: each profile's key"
        value={values.statusListKeyId}
        onChange={setKey('statusListKeyId')}
        error={form.errors.statusListKeyId as string | undefined}
      />
      <KeySelect
        {...common}
        label="Metadata signing key"
        description="Signs the metadata served as application/jwt; empty: unsigned only"
        value={values.signedMetadata?.keyId}
        onChange={(keyId) => form.setFieldValue('signedMetadata', keyId ? { ...values.signedMetadata, keyId } : undefined)}
        error={(form.errors['signedMetadata.keyId'] ?? form.errors.signedMetadata) as string | undefined}
      />
      <TextInput
        label="Metadata certificate id"
        description="Certificate of that key, sent as x5c (optional)"
        disabled={!values.signedMetadata}
        value={values.signedMetadata?.certificateId ?? ''}
        onChange={(event) => {
          const certificateId = event.currentTarget.value.trim();
          if (values.signedMetadata)
            form.setFieldValue('signedMetadata', { keyId: values.signedMetadata.keyId, ...(certificateId ? { certificateId } : {}) });
        }}
        error={form.errors['signedMetadata.certificateId'] as string | undefined}
      />
    </SimpleGrid>
  );
}
