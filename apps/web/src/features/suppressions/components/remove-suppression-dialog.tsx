import { notifications } from '@mantine/notifications';
import type { TSuppression } from '@voiceagent/shared';
import { ConfirmDialog } from '../../../components/confirm-dialog';
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
    <ConfirmDialog
      title={`Remove ${suppression.phoneE164}?`}
      isOpen
      onClose={onClose}
      onConfirm={confirm}
      confirmLabel="Remove suppression"
      isPending={remove.isPending}
      failure={remove.error ? { title: 'Could not remove', message: describeError(remove.error) } : null}
    >
      Campaigns may call this number again, from any CRM, unless the CRM itself says do not call.
    </ConfirmDialog>
  );
}
