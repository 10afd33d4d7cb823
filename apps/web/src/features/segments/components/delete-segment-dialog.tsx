import { notifications } from '@mantine/notifications';
import type { TSegment } from '@voiceagent/shared';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { describeError } from '../../../lib/error-messages';
import { useDeleteSegment } from '../api/delete-segment';

type DeleteSegmentDialogProps = { segment: TSegment; isOpen: boolean; onClose: () => void };

/** Deleting is confirmed first, and says what happens to agents made from the segment. */
export function DeleteSegmentDialog({ segment, isOpen, onClose }: DeleteSegmentDialogProps) {
  const remove = useDeleteSegment();

  const confirm = async () => {
    let agentsKept: number;
    try {
      ({ agentsKept } = await remove.mutateAsync(segment.id));
    } catch {
      return; // Shown in the dialog from remove.error.
    }
    onClose();
    const agents = agentsKept === 0 ? '' : ` ${agentsKept} ${agentsKept === 1 ? 'agent keeps' : 'agents keep'} the contacts last taken from it.`;
    notifications.show({ color: 'green', title: 'Segment deleted', message: `${segment.name} is deleted.${agents}` });
  };

  return (
    <ConfirmDialog
      title={`Delete ${segment.name}?`}
      isOpen={isOpen}
      onClose={onClose}
      onConfirm={() => void confirm()}
      confirmLabel="Delete segment"
      isPending={remove.isPending}
      failure={remove.error ? { title: 'Could not delete', message: describeError(remove.error) } : null}
    >
      The saved filter is deleted; no contact is. Agents made from this segment keep the contacts they took last, and their campaigns
      call those from now on.
    </ConfirmDialog>
  );
}
