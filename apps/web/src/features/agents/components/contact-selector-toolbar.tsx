import { CloseButton, Group, Select, TextInput } from '@mantine/core';
import { CONTACT_OBJECT_TYPES, CONTACT_SEARCH_MAX, CONTACT_SEARCH_MIN, PLATFORMS, type TContactObjectType, type TPlatform } from '@voiceagent/shared';
import { OBJECT_TYPE_LABELS } from '../../../config/object-types';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

type ContactSelectorToolbarProps = {
  search: string;
  platform: TPlatform | null;
  onSearchChange: (search: string) => void;
  onPlatformChange: (platform: TPlatform | null) => void;
  objectType: TContactObjectType | null;
  onObjectTypeChange: (objectType: TContactObjectType | null) => void;
  /** Why the filters cannot change now, or null. */
  lockedReason: string | null;
};

const ALL_PLATFORMS = 'all';
const ALL_TYPES = 'all';
const TYPE_OPTIONS = [{ value: ALL_TYPES, label: 'All types' }, ...CONTACT_OBJECT_TYPES.map((type) => ({ value: type, label: OBJECT_TYPE_LABELS[type].filter }))];

export function ContactSelectorToolbar({ search, platform, onSearchChange, onPlatformChange, objectType, onObjectTypeChange, lockedReason }: ContactSelectorToolbarProps) {
  const trimmed = search.trim();
  const isTooShort = trimmed.length > 0 && trimmed.length < CONTACT_SEARCH_MIN;
  const isLocked = lockedReason !== null;
  return (
    <Group gap="md" align="flex-start" wrap="wrap">
      <TextInput
        label="Search contacts"
        placeholder="Name, email, company or phone"
        value={search}
        onChange={(event) => onSearchChange(event.currentTarget.value)}
        maxLength={CONTACT_SEARCH_MAX}
        disabled={isLocked}
        description={lockedReason ?? (isTooShort ? `Type at least ${CONTACT_SEARCH_MIN} characters` : undefined)}
        inputWrapperOrder={['label', 'input', 'description']}
        rightSection={search && !isLocked ? <CloseButton aria-label="Clear search" size="sm" onClick={() => onSearchChange('')} /> : null}
        style={{ flex: '1 1 280px' }}
      />
      <Select
        label="Platform"
        data={[{ value: ALL_PLATFORMS, label: 'All platforms' }, ...PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABELS[p] }))]}
        value={platform ?? ALL_PLATFORMS}
        onChange={(value) => onPlatformChange(value === ALL_PLATFORMS || value === null ? null : (value as TPlatform))}
        allowDeselect={false}
        disabled={isLocked}
        w={180}
      />
      {/* Salesforce leads are callable people too; a campaign often means one kind or the other. */}
      <Select
        label="Type"
        data={TYPE_OPTIONS}
        value={objectType ?? ALL_TYPES}
        onChange={(value) => onObjectTypeChange(value === ALL_TYPES || value === null ? null : (value as TContactObjectType))}
        allowDeselect={false}
        disabled={isLocked}
        w={130}
      />
    </Group>
  );
}
