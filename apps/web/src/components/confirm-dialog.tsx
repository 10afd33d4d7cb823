import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

type ConfirmDialogProps = {
  /** A question naming what is about to happen: "Delete Prospects?" */
  title: string;
  isOpen: boolean;
  /** Not called while the action runs: a dialog is not dismissed halfway through it. */
  onClose: () => void;
  onConfirm: () => void;
  /** The destructive button's label, which says what it does ("Delete segment"). */
  confirmLabel: string;
  cancelLabel?: string;
  confirmColor?: string;
  isPending: boolean;
  /** The server's refusal, shown above the buttons: `title` says what did not happen, `message` why. */
  failure?: { title: string; message: string } | null;
  /** What the action does and does not do, in a sentence or two. */
  children: ReactNode;
};

/**
 * A destructive action, confirmed first, as every such dialog of the app has it: the
 * consequences, the server's refusal if there was one, then Cancel and the red button (loading
 * while the request runs, and Cancel disabled meanwhile).
 */
export function ConfirmDialog({ title, isOpen, onClose, onConfirm, confirmLabel, cancelLabel = 'Cancel', confirmColor = 'red', isPending, failure, children }: ConfirmDialogProps) {
  return (
    <Modal opened={isOpen} onClose={() => !isPending && onClose()} title={title} centered>
      <Stack gap="md">
        <Text>{children}</Text>
        {failure && (
          <Alert color="red" variant="light" title={failure.title} role="alert">
            {failure.message}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={isPending}>
            {cancelLabel}
          </Button>
          <Button color={confirmColor} onClick={onConfirm} loading={isPending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
