import { Anchor, Button, Group, Loader, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { CONTACT_SEARCH_MIN, type TContact, type TContactObjectType, type TFilterNode, type TPlatform } from '@voiceagent/shared';
import { ContactFilter, FilterRejectedAlert } from '../../../components/contact-filter/contact-filter';
import { describeFilterRejection } from '../../../lib/contact-filter/filter-rejection';
import { OBJECT_TYPE_LABELS } from '../../../config/object-types';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useCallableCount, useSelectableContacts, type ContactsFilter } from '../api/get-contacts';
import {
  deselectContacts,
  EMPTY_SELECTION,
  isContactSelected,
  removeMatching,
  selectAllMatching,
  selectContacts,
  toggleContact,
  unpickContact,
  type ContactSelection,
} from '../contact-selection';
import { ContactSelectorToolbar } from './contact-selector-toolbar';
import { SelectableContactList } from './selectable-contact-list';
import { SelectionSummary } from './selection-summary';
import { LoadError } from '../../../components/load-error';
import { describeError } from '../../../lib/error-messages';

const SEARCH_DEBOUNCE_MS = 300;

type CRMContactSelectorProps = {
  selection: ContactSelection;
  onChange: (selection: ContactSelection) => void;
};

/**
 * Picks the contacts an agent calls from the synced CRM contacts: search, platform, one by one,
 * the loaded rows, or all matching (counted by the server). Only callable contacts can be picked.
 */
export function CRMContactSelector({ selection, onChange }: CRMContactSelectorProps) {
  const [search, setSearch] = useState('');
  const [platform, setPlatform] = useState<TPlatform | null>(null);
  const [objectType, setObjectType] = useState<TContactObjectType | null>(null);
  const [where, setWhere] = useState<TFilterNode | null>(null);
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const typedFilter: ContactsFilter = useMemo(
    () => ({ platform, q: debouncedSearch.length >= CONTACT_SEARCH_MIN ? debouncedSearch : null, objectType, where }),
    [platform, debouncedSearch, objectType, where],
  );
  // "All matching" belongs to its filter: the list stays on it until that part is removed.
  const filter = selection.matching?.filter ?? typedFilter;

  const contacts = useSelectableContacts(filter);
  const callableCount = useCallableCount(filter);
  const items = useMemo(() => contacts.data?.pages.flatMap((page) => page.items) ?? [], [contacts.data]);
  const total = contacts.data?.pages[0]?.counts.total ?? 0;
  const loadedCallable = items.filter((contact) => contact.isCallable);
  const isLoadedAllSelected = loadedCallable.length > 0 && loadedCallable.every((contact) => isContactSelected(selection, contact, filter));

  const lockedReason = selection.matching ? 'Fixed while all matching contacts are selected; remove that selection to search again.' : null;
  return (
    <Stack gap="sm">
      <ContactSelectorToolbar
        search={search}
        platform={platform}
        onSearchChange={setSearch}
        onPlatformChange={setPlatform}
        objectType={objectType}
        onObjectTypeChange={setObjectType}
        lockedReason={lockedReason}
      />
      <ContactFilter value={filter.where} onChange={setWhere} lockedReason={lockedReason} />
      {/* Nothing to pick from (no contacts, or still loading): no bulk actions. */}
      <Group gap="sm" wrap="wrap" display={items.length === 0 && !selection.matching ? 'none' : undefined}>
        <Button
          variant="default"
          size="sm"
          disabled={loadedCallable.length === 0}
          onClick={() => onChange(isLoadedAllSelected ? deselectContacts(selection, loadedCallable, filter) : selectContacts(selection, loadedCallable, filter))}
        >
          {isLoadedAllSelected ? 'Untick' : 'Select'} the {loadedCallable.length.toLocaleString('en')} loaded
        </Button>
        <SelectAllMatchingButton
          filter={filter}
          count={callableCount.data}
          isLoading={callableCount.isPending || callableCount.isPlaceholderData}
          isActive={selection.matching !== null}
          onSelect={() => callableCount.data && onChange(selectAllMatching(selection, filter, callableCount.data))}
        />
        {contacts.isPlaceholderData && (
          <Group gap={6} role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm">Searching…</Text>
          </Group>
        )}
      </Group>
      {callableCount.isError && (
        <Text size="sm" c="red.9" role="alert">
          Could not count the callable contacts. {describeError(callableCount.error)}
        </Text>
      )}
      <SelectionSummary
        selection={selection}
        onUnpick={(contact) => onChange(unpickContact(selection, contact.id))}
        onRemoveMatching={() => onChange(removeMatching(selection))}
        onClear={() => onChange(EMPTY_SELECTION)}
      />
      {contacts.isPending ? (
        <ListSkeleton />
      ) : contacts.isError && !contacts.data ? (
        describeFilterRejection(contacts.error, filter.where !== null) ? (
          <FilterRejectedAlert message={describeFilterRejection(contacts.error, filter.where !== null)!} />
        ) : (
          <LoadError title="Could not load contacts" query={contacts} />
        )
      ) : items.length === 0 ? (
        <EmptyContacts filter={filter} />
      ) : (
        <SelectableContactList
          label="Contacts"
          items={items}
          total={total}
          resetKey={JSON.stringify(filter)}
          isSelected={(contact: TContact) => isContactSelected(selection, contact, filter)}
          onToggle={(contact) => onChange(toggleContact(selection, contact, filter))}
          nextPage={{
            hasNextPage: contacts.hasNextPage,
            isFetchingNextPage: contacts.isFetchingNextPage,
            isError: contacts.isFetchNextPageError,
            errorMessage: contacts.error ? describeError(contacts.error) : undefined,
            fetchNextPage: () => void contacts.fetchNextPage(),
          }}
        />
      )}
    </Stack>
  );
}

type SelectAllMatchingButtonProps = {
  filter: ContactsFilter;
  count: { total: number; isEstimate: boolean } | undefined;
  isLoading: boolean;
  isActive: boolean;
  onSelect: () => void;
};

function SelectAllMatchingButton({ filter, count, isLoading, isActive, onSelect }: SelectAllMatchingButtonProps) {
  if (isActive) return null;
  const what = filter.objectType ? OBJECT_TYPE_LABELS[filter.objectType].many : 'contacts';
  const scope = filter.q || filter.platform || filter.where ? 'matching' : `callable ${what}`;
  const amount = count ? `${count.isEstimate ? 'about ' : ''}${count.total.toLocaleString('en')}` : '';
  return (
    <Button variant="light" size="sm" onClick={onSelect} disabled={!count || count.total === 0 || isLoading} loading={isLoading && !count}>
      {count ? `Select all ${amount} ${scope}` : `Select all ${scope}`}
    </Button>
  );
}

function EmptyContacts({ filter }: { filter: ContactsFilter }) {
  const isFiltered = filter.q !== null || filter.platform !== null || filter.objectType !== null || filter.where !== null;
  const what = filter.objectType ? OBJECT_TYPE_LABELS[filter.objectType].many : 'contacts';
  const where = filter.platform ? ` in ${PLATFORM_LABELS[filter.platform]}` : '';
  return (
    <Paper withBorder radius="md" p="lg" role="status">
      {isFiltered ? (
        <Text>
          {filter.q ? `No ${what}${where} match “${filter.q}”.` : filter.where ? `No ${what}${where} match the filter.` : `No ${what}${where}.`} Try another search, platform, type or filter.
        </Text>
      ) : (
        <Text>
          You have no contacts yet. Connect a CRM and sync it on the{' '}
          <Anchor component={Link} to={paths.app.crm.getHref()}>
            CRM page
          </Anchor>
          , then come back to pick who this agent calls.
        </Text>
      )}
    </Paper>
  );
}

function ListSkeleton() {
  return (
    <Paper withBorder radius="md" role="status" aria-label="Loading contacts" p="md">
      <Stack gap="md">
        {Array.from({ length: 5 }, (_, i) => (
          <Group key={i} gap="md" wrap="nowrap">
            <Skeleton height={20} width={20} radius="sm" />
            <Stack gap={6} style={{ flex: 1 }}>
              <Skeleton height={12} width="40%" />
              <Skeleton height={10} width="25%" />
            </Stack>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
