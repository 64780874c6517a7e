import { NumberInput, SimpleGrid, TextInput } from '@mantine/core';
import type { IssuerForm } from './use-issuer-form';

/** The issuer's id (fixed once created: it is part of every URL wallets know) and its batch size. */
export function IssuerBasicsFields({ form, editing, allowedIds }: { form: IssuerForm; editing: boolean; allowedIds: '*' | string[] }) {
  const batch = form.getInputProps('batchSize');
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput
        label="Issuer id"
        required
        description={
          editing
            ? 'Part of the credential issuer URL; it cannot change'
            : allowedIds === '*'
              ? 'Lower-case letters, digits and -; part of the credential issuer URL'
              : `One of your issuers: ${allowedIds.join(', ')}`
        }
        disabled={editing}
        {...form.getInputProps('id')}
      />
      <NumberInput
        label="Batch size"
        description="Credentials per request (batch issuance); empty: one"
        min={1}
        max={100}
        allowDecimal={false}
        {...batch}
        value={(batch.value as number | undefined) ?? ''}
        onChange={(value) => form.setFieldValue('batchSize', typeof value === 'number' ? value : undefined)}
      />
    </SimpleGrid>
  );
}
