import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconPlayerPause } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { del } from '../../api/client';
import { notifySaved } from '../../api/use-api-form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { profilePath, profilesChanged } from './profiles-api';

/**
 * Deactivates the profile (API.md §5 soft delete) after a confirmation: no new offers from it; offers already made
 * keep working with their version. There is no way back (the API edits ACTIVE profiles only).
 */
export function DeactivateProfileButton({ issuerId, profileId, name }: { issuerId: string; profileId: string; name: string }) {
  const [opened, setOpened] = useState(false);
  const queryClient = useQueryClient();
  const deactivate = useMutation({
    mutationFn: () => del(profilePath(issuerId, profileId)),
    onSuccess: async () => {
      await profilesChanged(queryClient, issuerId);
      notifySaved(`Profile ${name} deactivated`);
      setOpened(false);
    },
  });
  const close = () => {
    setOpened(false);
    deactivate.reset();
  };
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconPlayerPause size={16} />} onClick={() => setOpened(true)}>
        Deactivate
      </Button>
      {/* lockScroll off: react-remove-scroll's <style> element carries no CSP nonce, so the page's CSP would block it. */}
      <Modal opened={opened} onClose={close} title={`Deactivate profile ${name}?`} lockScroll={false}>
        <Stack gap="sm">
          <Text size="sm">
            No new offers can be made from this profile. Offers already made keep working with the version they were made from, and
            credentials already issued are not affected. A deactivated profile cannot be edited or activated again.
          </Text>
          {deactivate.isError && <ErrorAlert error={deactivate.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={deactivate.isPending} onClick={() => deactivate.mutate()}>
              Deactivate profile
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
