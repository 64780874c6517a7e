import { PasswordInput, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { errorsUnder, memberError, setMember, textMember, type ProfileForm } from './use-profile-form';

/**
 * `notifications.webhook`: the URL that receives this profile's session events (API.md §5, §7). The bearer token
 * comes back masked as `***`; sent back as it came, the stored token is kept.
 */
export function NotificationFields({ form }: { form: ProfileForm }) {
  const webhook = form.getValues().notifications?.webhook;
  const masked = webhook?.bearerToken === '***';
  return (
    <Stack gap="sm">
      <Switch
        label="Send this profile's session events to a webhook"
        checked={webhook !== undefined}
        onChange={(event) => setMember(form, 'notifications', event.currentTarget.checked ? { webhook: { url: '' } } : undefined)}
        error={webhook === undefined ? errorsUnder(form, 'notifications') : undefined}
      />
      {webhook && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Webhook URL"
            description="http(s); the host must be allowed by OUTBOUND_ALLOWED_HOSTS"
            placeholder="https://backend.example/issuance-events"
            required
            {...textMember(form, 'notifications.webhook.url', false)}
            error={memberError(form, 'notifications.webhook.url') ?? memberError(form, 'notifications.webhook')}
          />
          <PasswordInput
            label="Bearer token"
            description={
              masked ? 'A token is stored: leave *** to keep it, type a new one, or clear it' : 'Optional: sent as Authorization: Bearer'
            }
            {...textMember(form, 'notifications.webhook.bearerToken')}
            autoComplete="off"
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}
