import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TSuppression } from '@voiceagent/shared';
import { describeError } from '../../../lib/error-messages';
import { useDeleteSuppression } from '../api/delete-suppression';

type RemoveSuppressionDialogProps = { suppression: TSuppression; onClose: () => void };

/** Removing is confirmed first: the number becomes callable again by every campaign. */
export function RemoveSuppressionDialog({ suppression, onClose }: RemoveSuppressionDialogProps) {
  const remove = useDeleteSuppression();

  const confirm = () =>
    remove.mutate(suppression.id, {
      onSuccess: () => {
        onClose();
        notifications.show({ color: 'green', title: 'Suppression removed', message: `${suppression.phoneE164} may be called again.` });
      },
    });

  return (
    <Modal opened onClose={() => !remove.isPending && onClose()} title={`Remove ${suppression.phoneE164}?`} centered>
      <Stack gap="md">
        <Text>Campaigns may call this number again, from any CRM, unless the CRM itself says do not call.</Text>
        {remove.error && (
          <Alert color="red" variant="light" title="Could not remove" role="alert">
            {describeError(remove.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending}>
            Remove suppression
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
