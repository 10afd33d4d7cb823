import { CloseButton, Group, SegmentedControl, Select, Switch, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { CONTACT_SEARCH_MAX, CONTACT_SEARCH_MIN, CONTACT_OBJECT_TYPES, type TContactObjectType, type TPlatform } from '@voiceagent/shared';
import { hasLeads, OBJECT_TYPE_LABELS } from '../../../config/object-types';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

export type ContactsView = 'unified' | 'separate';
export type ContactsSort = 'name' | 'updated';

export type ContactsFilterState = {
  view: ContactsView;
  /** null: every connected platform. */
  platform: TPlatform | null;
  /** As typed; the list searches for it, trimmed and debounced. */
  search: string;
  isCallableOnly: boolean;
  /** null: contacts and leads alike. */
  objectType: TContactObjectType | null;
  sort: ContactsSort;
};

type ContactsToolbarProps = {
  filters: ContactsFilterState;
  onChange: (next: Partial<ContactsFilterState>) => void;
  platforms: TPlatform[];
  /** The list's "Columns" control, last in the row. */
  columnChooser?: ReactNode;
};

const ALL_PLATFORMS = 'all';
const ALL_TYPES = 'all';
const TYPE_OPTIONS = [{ value: ALL_TYPES, label: 'All types' }, ...CONTACT_OBJECT_TYPES.map((type) => ({ value: type, label: OBJECT_TYPE_LABELS[type].filter }))];

export function ContactsToolbar({ filters, onChange, platforms, columnChooser }: ContactsToolbarProps) {
  const trimmed = filters.search.trim();
  const isTooShort = trimmed.length > 0 && trimmed.length < CONTACT_SEARCH_MIN;
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <TextInput
        label="Search contacts"
        placeholder="Name, email, company or phone"
        value={filters.search}
        onChange={(event) => onChange({ search: event.currentTarget.value })}
        maxLength={CONTACT_SEARCH_MAX}
        description={isTooShort ? `Type at least ${CONTACT_SEARCH_MIN} characters` : undefined}
        inputWrapperOrder={['label', 'input', 'description']}
        rightSection={filters.search ? <CloseButton aria-label="Clear search" size="sm" onClick={() => onChange({ search: '' })} /> : null}
        style={{ flex: '1 1 280px' }}
      />
      <Select
        label="Platform"
        data={[{ value: ALL_PLATFORMS, label: 'All platforms' }, ...platforms.map((p) => ({ value: p, label: PLATFORM_LABELS[p] }))]}
        value={filters.platform ?? ALL_PLATFORMS}
        onChange={(value) => onChange({ platform: value === ALL_PLATFORMS || value === null ? null : (value as TPlatform) })}
        allowDeselect={false}
        w={170}
      />
      {/* Only a CRM that syncs leads (Salesforce) makes the choice mean anything. */}
      {hasLeads(platforms) && (
        <Select
          label="Type"
          data={TYPE_OPTIONS}
          value={filters.objectType ?? ALL_TYPES}
          onChange={(value) => onChange({ objectType: value === ALL_TYPES || value === null ? null : (value as TContactObjectType) })}
          allowDeselect={false}
          w={130}
        />
      )}
      <Select
        label="Sort by"
        data={[
          { value: 'name', label: 'Name (A–Z)' },
          { value: 'updated', label: 'Recently updated' },
        ]}
        value={filters.sort}
        onChange={(value) => onChange({ sort: value === 'updated' ? 'updated' : 'name' })}
        allowDeselect={false}
        w={180}
      />
      <SegmentedControl
        aria-label="Contacts view"
        data={[
          { value: 'unified', label: 'Unified' },
          { value: 'separate', label: 'By platform' },
        ]}
        value={filters.view}
        onChange={(value) => onChange({ view: value === 'separate' ? 'separate' : 'unified' })}
      />
      <Switch
        label="Callable only"
        checked={filters.isCallableOnly}
        onChange={(event) => onChange({ isCallableOnly: event.currentTarget.checked })}
        mb={8}
      />
      {columnChooser}
    </Group>
  );
}
