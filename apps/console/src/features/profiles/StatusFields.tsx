import { Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import type { CredentialStatus, StatusListType } from './types';
import { errorsUnder, memberError, setMember, textMember, type ProfileForm } from './use-profile-form';

/** The status mechanisms each format can carry (issuer-api status-lists/credential-status.rules.ts). */
const TYPES_OF_FORMAT: Record<string, StatusListType[]> = {
  'dc+sd-jwt': ['TokenStatusList'],
  mso_mdoc: ['TokenStatusList'],
  jwt_vc_json: ['BitstringStatusList', 'StatusList2021'],
};

const PURPOSES: Record<StatusListType, { value: string; label: string }[]> = {
  TokenStatusList: [
    { value: 'revocation', label: 'Revocation (VALID, REVOKED)' },
    { value: 'suspension', label: 'Revocation and suspension (2-bit entries)' },
  ],
  BitstringStatusList: [
    { value: 'revocation', label: 'Revocation' },
    { value: 'suspension', label: 'Suspension' },
    { value: 'revocation,suspension', label: 'Revocation and suspension (two lists)' },
    { value: 'message', label: 'Status message (VALID, REVOKED, SUSPENDED)' },
  ],
  StatusList2021: [
    { value: 'revocation', label: 'Revocation' },
    { value: 'suspension', label: 'Suspension' },
    { value: 'revocation,suspension', label: 'Revocation and suspension (two lists)' },
  ],
};

const purposeValue = (purpose: CredentialStatus['purpose']) => (Array.isArray(purpose) ? purpose.join(',') : (purpose ?? null));

/**
 * `credentialStatus`: a status list entry in every credential, so that it can be revoked (or suspended) later. Only
 * the mechanisms the configuration's format can carry are offered; the API checks the combination again.
 */
export function StatusFields({ form, format }: { form: ProfileForm; format: string | undefined }) {
  const status = form.getValues().credentialStatus;
  const types = TYPES_OF_FORMAT[format ?? ''] ?? ['TokenStatusList', 'BitstringStatusList', 'StatusList2021'];
  const typeData = status && !types.includes(status.type) ? [...types, status.type] : types;
  return (
    <Stack gap="sm">
      <Switch
        label="Give every credential a status list entry (revocable)"
        checked={status !== undefined}
        onChange={(event) => setMember(form, 'credentialStatus', event.currentTarget.checked ? { type: types[0] } : undefined)}
        error={status === undefined ? errorsUnder(form, 'credentialStatus') : undefined}
      />
      {status && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Status list type"
            data={typeData}
            value={status.type}
            allowDeselect={false}
            onChange={(next) =>
              next && setMember(form, 'credentialStatus', { ...status, type: next as StatusListType, purpose: undefined })
            }
            error={memberError(form, 'credentialStatus.type')}
          />
          <Select
            label="Purpose"
            placeholder="Revocation (default)"
            data={PURPOSES[status.type] ?? []}
            value={purposeValue(status.purpose)}
            clearable
            onChange={(next) =>
              setMember(form, 'credentialStatus.purpose', next === null ? undefined : next.includes(',') ? next.split(',') : next)
            }
            error={errorsUnder(form, 'credentialStatus.purpose')}
          />
          <TextInput
            label="Status list id"
            description="Optional: a list family of its own (letters, digits, . _ -)"
            {...textMember(form, 'credentialStatus.statusListId')}
          />
          <Select
            label="Initial status"
            placeholder="VALID (default)"
            data={['VALID', 'SUSPENDED']}
            value={status.initialStatus ?? null}
            clearable
            onChange={(next) => setMember(form, 'credentialStatus.initialStatus', next ?? undefined)}
            error={memberError(form, 'credentialStatus.initialStatus')}
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}
