import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { describeError } from '../lib/error-messages';

type FormDialogProps = {
  /** The dialog's title, which also names its form for assistive technology. */
  title: string;
  isOpen: boolean;
  onClose: () => void;
  onSubmit: (event: FormEvent) => void;
  submitLabel: string;
  isSubmitting: boolean;
  isSubmitDisabled?: boolean;
  /**
   * The server's refusal, shown above the fields when no field shows it: `error` is what the
   * mutation failed with, `title` says what did not happen.
   */
  failure?: { title: string; error: unknown } | null;
  size?: 'md' | 'lg';
  children: ReactNode;
};

/**
 * A form in a modal, as every create/edit dialog of the app has it: the failure on top, the
 * fields, then Cancel and the submit button (loading while the request runs). Submitting with
 * Enter works, and the browser's own validation stays off: the fields show our messages.
 */
export function FormDialog({ title, isOpen, onClose, onSubmit, submitLabel, isSubmitting, isSubmitDisabled, failure, size, children }: FormDialogProps) {
  return (
    <Modal opened={isOpen} onClose={onClose} title={title} centered size={size}>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="md">
          {failure && (
            <Alert color="red" variant="light" title={failure.title} role="alert">
              {describeError(failure.error)}
            </Alert>
          )}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={isSubmitting} disabled={isSubmitDisabled}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
