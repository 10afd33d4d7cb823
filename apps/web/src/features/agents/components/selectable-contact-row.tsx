import { Badge, Box, CheckboxIndicator, Group, Stack, Text } from '@mantine/core';
import type { TContact } from '@voiceagent/shared';
import { NotCallableBadge } from '../../../components/not-callable-badge';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

/** Every row has this height: the virtual list positions rows without measuring them. */
export const SELECTABLE_ROW_HEIGHT = 60;

export function formatContactName(contact: TContact): string {
  return contact.fullName ?? contact.email ?? contact.phone ?? contact.mobilePhone ?? 'Unnamed contact';
}

type SelectableContactRowProps = {
  contact: TContact;
  isSelected: boolean;
  isActive: boolean;
};

/** A contact as the selector shows it; the listbox around it handles clicks and keys. */
export function SelectableContactRow({ contact, isSelected, isActive }: SelectableContactRowProps) {
  const details = [contact.company, contact.email].filter(Boolean).join(' · ');
  const number = contact.phoneE164 ?? contact.mobilePhoneE164;
  return (
    <Group
      h={SELECTABLE_ROW_HEIGHT}
      px="md"
      gap="md"
      wrap="nowrap"
      style={{
        borderBottom: '1px solid var(--mantine-color-gray-2)',
        background: isActive ? 'var(--mantine-color-blue-0)' : undefined,
        // The active row is where Space acts; show it like a focus ring.
        outline: isActive ? '2px solid var(--mantine-color-blue-7)' : undefined,
        outlineOffset: -2,
        cursor: contact.isCallable ? 'pointer' : 'not-allowed',
      }}
    >
      <CheckboxIndicator checked={isSelected} disabled={!contact.isCallable} aria-hidden />
      <Stack gap={2} miw={0} style={{ flex: '1 1 45%' }}>
        <Text fw={600} truncate="end" c={contact.isCallable ? undefined : 'gray.7'}>
          {formatContactName(contact)}
        </Text>
        <Text size="sm" c="gray.7" truncate="end">
          {details || '\u00a0'}
        </Text>
      </Stack>
      <Text size="sm" truncate="end" style={{ flex: '1 1 30%' }} c={contact.isCallable ? undefined : 'gray.7'}>
        {number ?? 'No valid phone number'}
      </Text>
      {/* A fixed slot, so platform badges line up whether or not the row is a lead; wide enough for the whole word. */}
      <Box w={64} style={{ flex: '0 0 auto' }}>
        {contact.objectType === 'lead' && (
          <Badge variant="light" color="cyan" c="dark.7" title={`A ${PLATFORM_LABELS[contact.platform]} lead, not yet converted to a contact`}>
            Lead
          </Badge>
        )}
      </Box>
      <Box w={120} style={{ flex: '0 0 auto' }}>
        <NotCallableBadge contact={contact} w={120} />
      </Box>
      <Badge variant="outline" color="gray.8" w={104} style={{ flex: '0 0 auto' }}>
        {PLATFORM_LABELS[contact.platform]}
      </Badge>
    </Group>
  );
}
