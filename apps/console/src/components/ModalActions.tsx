import { Button, Group } from '@mantine/core';
import { ErrorAlert } from './ErrorAlert';

export interface ModalActionsProps {
  onCancel: () => void;
  /** The submit button's text ("Create", "Import"). */
  submitLabel: string;
  loading: boolean;
  /** A refused request's general message (applyApiError), shown above the buttons with `error`'s detail. */
  message?: string;
  error?: unknown;
}

/** The footer of a form in a dialog: the refusal's message when there is one, then Cancel and the submit button. */
export function ModalActions({ onCancel, submitLabel, loading, message, error }: ModalActionsProps) {
  return (
    <>
      {message && <ErrorAlert error={error} title={message} showFields={false} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={loading}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
