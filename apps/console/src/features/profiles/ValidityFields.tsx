import { SimpleGrid, TextInput } from '@mantine/core';
import { textMember, type ProfileForm } from './use-profile-form';

/** `validity`: how long credentials are valid and from when; mdoc also when the wallet should expect an update. */
export function ValidityFields({ form, format }: { form: ProfileForm; format: string | undefined }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: format === 'mso_mdoc' ? 3 : 2 }}>
      <TextInput
        label="Valid for"
        description="A duration such as 365d, 12h or 1w; empty: no expiry"
        placeholder="365d"
        {...textMember(form, 'validity.validFor')}
      />
      <TextInput
        label="Valid from"
        description="ISO 8601 date-time with offset; empty: when issued"
        placeholder="2030-01-01T00:00:00Z"
        {...textMember(form, 'validity.validFrom')}
      />
      {format === 'mso_mdoc' && (
        <TextInput
          label="Expected update"
          description="mdoc: a duration after signing (MSO expectedUpdate)"
          placeholder="30d"
          {...textMember(form, 'validity.expectedUpdate')}
        />
      )}
    </SimpleGrid>
  );
}
