import { ActionIcon, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TContact } from '@voiceagent/shared';
import { describeError } from '../../../lib/error-messages';
import { useCreateSuppression } from '../api/create-suppression';

type SuppressContactButtonProps = {
  contact: TContact;
  /** The contact's name as the row shows it, for the menu's accessible name. */
  name: string;
  /** After the number is listed: the caller refreshes what shows the contact. */
  onSuppressed: () => void;
};

/** A contact row's menu: put the number a campaign would dial on the suppression list. */
export function SuppressContactButton({ contact, name, onSuppressed }: SuppressContactButtonProps) {
  const create = useCreateSuppression();
  const phone = contact.phoneE164 ?? contact.mobilePhoneE164;
  if (!phone || contact.notCallableReason === 'suppressed') return null;

  const suppress = () =>
    create.mutate(
      { phone, contactId: contact.id },
      {
        onSuccess: (saved) => {
          onSuppressed();
          notifications.show({ color: 'green', title: 'Number suppressed', message: `${saved.phoneE164} will not be called by any campaign.` });
        },
        onError: (error) => notifications.show({ color: 'red', title: 'The number was not suppressed', message: describeError(error) }),
      },
    );

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray.8" size="sm" aria-label={`Actions for ${name}`} loading={create.isPending}>
          ⋯
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item color="red.9" onClick={suppress}>
          Suppress number {phone}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
