import { Alert, Button, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { PLATFORMS, type TContact, type TContactListFilter, type TContactObjectType, type TCrmConnection, type TPlatform } from '@voiceagent/shared';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ContactFilter } from '../../../components/contact-filter/contact-filter';
import { EmptyState } from '../../../components/empty-state';
import { useContactListFilterFromUrl } from '../hooks/use-contact-list-filter-from-url';
import type { ContactsQuery } from '../api/get-contacts';
import { OBJECT_TYPE_LABELS } from '../../../config/object-types';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useConnectedFieldMappings } from '../api/get-field-mappings';
import { buildCustomColumns, getBrowserStorage, readColumnChoice, resolveValueColumns, STANDARD_COLUMNS, writeColumnChoice } from '../contact-columns';
import { ColumnChooser } from './column-chooser';
import { ContactDrawer } from './contact-drawer';
import type { ContactRowColumns } from './contact-row';
import { ContactsList } from './contacts-list';
import { ContactsExportButton } from './contacts-export-button';
import { ContactsToolbar, type ContactsFilterState } from './contacts-toolbar';

const SEARCH_DEBOUNCE_MS = 300;

const platformList = new Intl.ListFormat('en', { type: 'disjunction' }).format(PLATFORMS.map((platform) => PLATFORM_LABELS[platform]));

export type ContactsSectionProps = {
  connections: TCrmConnection[];
  /** The Sync button of the "no contacts yet" state, for those platforms. */
  renderSyncAction: (platforms: TPlatform[]) => ReactNode;
  /**
   * What other features do with the list shown (save it as a segment, export it, update it in
   * the CRM): composed by the route, since features do not import each other.
   */
  renderListActions?: (list: ContactListActionsContext) => ReactNode;
  /** What other features do with one contact (suppress its number), shown on its row. */
  renderContactActions?: (contact: TContact) => ReactNode;
};

/** The list on screen, as the list actions take it. */
export type ContactListActionsContext = { filter: TContactListFilter; connected: TPlatform[] };

/** The synced contacts below the cards: filters, then one list (unified) or one per platform. */
export function ContactsSection({ connections, renderSyncAction, renderListActions, renderContactActions }: ContactsSectionProps) {
  // The URL holds the filters (a link or a reload shows the same list); the search box alone
  // keeps what is typed, and writes it to the URL once typing pauses.
  const fromUrl = useContactListFilterFromUrl();
  const { url, update } = fromUrl;
  const [search, setSearch] = useState(url.q);
  const [debouncedSearch] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const lastUrlSearch = useRef(url.q);
  useEffect(() => {
    // Back, forward or a link changed the URL: the box follows it.
    if (url.q !== lastUrlSearch.current) {
      lastUrlSearch.current = url.q;
      setSearch(url.q);
    }
  }, [url.q]);
  useEffect(() => {
    if (debouncedSearch !== lastUrlSearch.current) {
      lastUrlSearch.current = debouncedSearch;
      update({ q: debouncedSearch }, { replace: true });
    }
  }, [debouncedSearch, update]);
  const filters: ContactsFilterState = { view: url.view, platform: url.platform, search, isCallableOnly: url.isCallableOnly, objectType: url.objectType, sort: url.sort };
  const connected = PLATFORMS.filter((platform) => connections.some((c) => c.platform === platform));
  const isSyncing = connections.some((c) => c.activeSyncRunId !== null);
  const [columnIds, setColumnIds] = useState(() => readColumnChoice(getBrowserStorage()));
  const [openContact, setOpenContact] = useState<TContact | null>(null);
  const fieldMappings = useConnectedFieldMappings(connected);
  const customColumns = useMemo(() => buildCustomColumns(fieldMappings.mappings), [fieldMappings.mappings]);
  const columns = useMemo<ContactRowColumns>(
    () => ({
      showDetails: columnIds.includes('details'),
      showReach: columnIds.includes('reach'),
      values: resolveValueColumns(columnIds, [...STANDARD_COLUMNS, ...customColumns]),
    }),
    [columnIds, customColumns],
  );
  const chooseColumns = (ids: string[]) => {
    setColumnIds(ids);
    writeColumnChoice(getBrowserStorage(), ids);
  };

  if (connected.length === 0) {
    return (
      <Section>
        <EmptyState title="Connect a CRM to see contacts">
          <Text>Connect {platformList} above. Their contacts are synced here, ready to search and to call.</Text>
        </EmptyState>
      </Section>
    );
  }

  const { filter, where } = fromUrl;
  // The hook has already dropped a platform since disconnected and a type without Salesforce.
  const platform: TPlatform | null = (Array.isArray(filter.platform) ? filter.platform[0] : filter.platform) ?? null;
  const q = filter.q ?? null;
  const objectType = filter.objectType ?? null;
  const hasFilters = platform !== null || q !== null || filters.isCallableOnly || objectType !== null || where !== null;
  const base: Omit<ContactsQuery, 'view' | 'platforms'> = { q, isCallableOnly: filters.isCallableOnly, objectType, sort: filters.sort, where };
  const clearFilters = () => {
    setSearch('');
    update({ platform: null, q: '', isCallableOnly: false, objectType: null, where: null });
  };

  const renderEmpty = (platforms: TPlatform[]) => () =>
    hasFilters ? (
      <EmptyState title="No contacts match">
        <Text>{describeNoMatch({ q, isCallableOnly: filters.isCallableOnly, objectType, platform: platforms.length === 1 ? platforms[0] : undefined, hasTree: where !== null })}</Text>
        <Button variant="default" onClick={clearFilters} style={{ alignSelf: 'flex-start' }}>
          Clear filters
        </Button>
      </EmptyState>
    ) : (
      <NoContactsYet connections={connections.filter((c) => platforms.includes(c.platform))} renderSyncAction={renderSyncAction} />
    );

  return (
    <Section>
      <ContactsToolbar
        filters={filters}
        onChange={({ search: typed, ...next }) => {
          if (typed !== undefined) setSearch(typed);
          if (Object.keys(next).length > 0) update(next);
        }}
        platforms={connected}
        columnChooser={
          <ColumnChooser standard={STANDARD_COLUMNS} custom={customColumns} isLoadingCustom={fieldMappings.isPending} chosen={columnIds} onChange={chooseColumns} />
        }
      />
      <Group gap="xs">
        <ContactsExportButton filter={filter} columns={columnIds} />
        {renderListActions?.({ filter, connected })}
      </Group>
      <ContactFilter
        value={where}
        onChange={(tree) => update({ where: tree })}
        notice={
          fromUrl.whereProblem && (
            <Alert color="orange" variant="light" title="Filter left out" withCloseButton closeButtonLabel="Remove it from the address" onClose={() => update({ where: null }, { replace: true })}>
              <Text size="sm">{fromUrl.whereProblem}</Text>
            </Alert>
          )
        }
      />
      {fromUrl.isCheckingWhere ? (
        <Group gap="xs" role="status">
          <Loader size="xs" aria-hidden />
          <Text size="sm">Reading the filter in this link…</Text>
        </Group>
      ) : filters.view === 'unified' ? (
        <ContactsList
          query={{ ...base, view: 'unified', platforms: platform ? [platform] : null }}
          platforms={platform ? [platform] : connected}
          label="Contacts"
          isSyncing={isSyncing}
          renderEmpty={renderEmpty(platform ? [platform] : connected)}
          columns={columns}
          onOpenContact={setOpenContact}
          renderContactActions={renderContactActions}
        />
      ) : (
        <SimpleGrid cols={{ base: 1, lg: platform ? 1 : connected.length }} spacing="lg">
          {(platform ? [platform] : connected).map((p) => (
            <Stack key={p} gap="xs" component="section" aria-label={`${PLATFORM_LABELS[p]} contacts`}>
              <Title order={3} size="h4">
                {PLATFORM_LABELS[p]}
              </Title>
              <ContactsList
                query={{ ...base, view: 'separate', platforms: [p] }}
                platforms={[p]}
                label={`${PLATFORM_LABELS[p]} contacts`}
                isSyncing={isSyncing}
                renderEmpty={renderEmpty([p])}
                columns={columns}
                onOpenContact={setOpenContact}
                renderContactActions={renderContactActions}
              />
            </Stack>
          ))}
        </SimpleGrid>
      )}
      <ContactDrawer contact={openContact} onClose={() => setOpenContact(null)} />
    </Section>
  );
}

type NoMatchInput = { q: string | null; isCallableOnly: boolean; objectType: TContactObjectType | null; platform: TPlatform | undefined; hasTree: boolean };

/** "No callable contact in Zoho CRM matches “smith”.", "No lead in Salesforce matches these filters." */
function describeNoMatch({ q, isCallableOnly, objectType, platform, hasTree }: NoMatchInput): string {
  const noun = objectType ? OBJECT_TYPE_LABELS[objectType].one : 'contact';
  const who = isCallableOnly ? `No callable ${noun}` : `No ${noun}`;
  const where = platform ? ` in ${PLATFORM_LABELS[platform]}` : '';
  if (q && hasTree) return `${who}${where} matches “${q}” and these filters.`;
  return q ? `${who}${where} matches “${q}”.` : `${who}${where} matches these filters.`;
}

function Section({ children }: { children: ReactNode }) {
  return (
    <Stack gap="md" component="section" aria-labelledby="contacts-heading">
      <Title order={2} id="contacts-heading">
        Contacts
      </Title>
      {children}
    </Stack>
  );
}

type NoContactsYetProps = { connections: TCrmConnection[]; renderSyncAction: (platforms: TPlatform[]) => ReactNode };

/** Connected, no contacts: a sync is bringing them, or one is needed, or the CRM has none. */
function NoContactsYet({ connections, renderSyncAction }: NoContactsYetProps) {
  const names = new Intl.ListFormat('en', { type: 'conjunction' }).format(connections.map((c) => PLATFORM_LABELS[c.platform]));
  if (connections.some((c) => c.activeSyncRunId !== null)) {
    return (
      <EmptyState title="Your contacts are on their way">
        <Text>A sync is running; contacts from {names} appear here as they arrive.</Text>
      </EmptyState>
    );
  }
  const hasSynced = connections.every((c) => c.lastSyncedAt !== null);
  return (
    <EmptyState title="Sync to bring your contacts in">
      <Text>{hasSynced ? `The last sync found no contacts in ${names}.` : `No contacts from ${names} have been synced yet.`}</Text>
      {connections.every((c) => c.status !== 'needs_reauth') && renderSyncAction(connections.map((c) => c.platform))}
    </EmptyState>
  );
}
