import { notifications } from '@mantine/notifications';
import type { TCrmConnection, TDisconnectResponse } from '@voiceagent/shared';
import { useDisconnectCrm } from '../api/disconnect-crm';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { describeError } from '../../../lib/error-messages';

type DisconnectDialogProps = {
  connection: TCrmConnection;
  isOpen: boolean;
  onClose: () => void;
};

const countFormat = new Intl.NumberFormat('en');
const contactsText = (count: number) => `${countFormat.format(count)} synced contact${count === 1 ? '' : 's'}`;

/** Disconnecting deletes the synced contacts here, so it is confirmed first and says so. */
export function DisconnectDialog({ connection, isOpen, onClose }: DisconnectDialogProps) {
  const disconnect = useDisconnectCrm();
  const name = PLATFORM_LABELS[connection.platform];
  const account = connection.accountName ?? `your ${name} account`;

  const close = () => {
    if (disconnect.isPending) return;
    disconnect.reset();
    onClose();
  };

  // mutateAsync, not mutate's callbacks: the card (and this dialog with it) is replaced as soon
  // as the connections are re-read, and callbacks of an unmounted mutate never run.
  const confirm = async () => {
    let result: TDisconnectResponse;
    try {
      result = await disconnect.mutateAsync(connection.platform);
    } catch {
      return; // Shown in the dialog from disconnect.error.
    }
    onClose();
    notifications.show({
      color: 'green',
      title: `${name} disconnected`,
      message: result.revokedAtProvider
        ? `${contactsText(result.contactsDeleted)} removed from VoiceAgent CRM.`
        : `${contactsText(result.contactsDeleted)} removed from VoiceAgent CRM. ${name} could not be reached to revoke access: remove the app in ${name}'s settings.`,
    });
  };

  return (
    <ConfirmDialog
      title={`Disconnect ${name}?`}
      isOpen={isOpen}
      onClose={close}
      onConfirm={() => void confirm()}
      confirmLabel="Disconnect and remove contacts"
      confirmColor="red.9"
      isPending={disconnect.isPending}
      failure={disconnect.error ? { title: 'Could not disconnect', message: describeError(disconnect.error, { platform: connection.platform }) } : null}
    >
      VoiceAgent CRM will stop syncing {account} and remove its {contactsText(connection.contactCount)} from VoiceAgent CRM. Agents will
      no longer be able to pick them. Nothing changes in {name} itself.
    </ConfirmDialog>
  );
}
