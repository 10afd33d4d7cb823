import { Button, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { CONTACT_SEARCH_MIN, PLATFORMS, type TContact, type TContactObjectType, type TCrmConnection, type TPlatform } from '@voiceagent/shared';
import { useMemo, useState, type ReactNode } from 'react';
import { EmptyState } from '../../../components/empty-state';
import type { ContactsQuery } from '../api/get-contacts';
import { hasLeads, OBJECT_TYPE_LABELS } from '../../../config/object-types';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useConnectedFieldMappings } from '../api/get-field-mappings';
import { buildCustomColumns, getBrowserStorage, readColumnChoice, resolveValueColumns, STANDARD_COLUMNS, writeColumnChoice } from '../contact-columns';
import { ColumnChooser } from './column-chooser';
import { ContactDrawer } from './contact-drawer';
import type { ContactRowColumns } from './contact-row';
import { ContactsList } from './contacts-list';
import { ContactsToolbar, type ContactsFilterState } from './contacts-toolbar';

const SEARCH_DEBOUNCE_MS = 300;

const INITIAL_FILTERS: ContactsFilterState = { view: 'unified', platform: null, search: '', isCallableOnly: false, objectType: null, sort: 'name' };

const platformList = new Intl.ListFormat('en', { type: 'disjunction' }).format(PLATFORMS.map((platform) => PLATFORM_LABELS[platform]));

type ContactsSectionProps = {
  connections: TCrmConnection[];
  /** The Sync button of the "no contacts yet" state, for those platforms. */
  renderSyncAction: (platforms: TPlatform[]) => ReactNode;
};

/** The synced contacts below the cards: filters, then one list (unified) or one per platform. */
export function ContactsSection({ connections, renderSyncAction }: ContactsSectionProps) {
  const [filters, setFilters] = useState(INITIAL_FILTERS);
  const [debouncedSearch] = useDebouncedValue(filters.search.trim(), SEARCH_DEBOUNCE_MS);
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

  // A filter on a platform that has since been disconnected falls back to all of them.
  const platform = filters.platform && connected.includes(filters.platform) ? filters.platform : null;
  const q = debouncedSearch.length >= CONTACT_SEARCH_MIN ? debouncedSearch : null;
  // A type filter left over from a disconnected Salesforce would hide everything unseen.
  const objectType = hasLeads(connected) ? filters.objectType : null;
  const hasFilters = platform !== null || q !== null || filters.isCallableOnly || objectType !== null;
  const base: Omit<ContactsQuery, 'view' | 'platforms'> = { q, isCallableOnly: filters.isCallableOnly, objectType, sort: filters.sort };
  const clearFilters = () => setFilters((current) => ({ ...INITIAL_FILTERS, view: current.view, sort: current.sort }));

  const renderEmpty = (platforms: TPlatform[]) => () =>
    hasFilters ? (
      <EmptyState title="No contacts match">
        <Text>{describeNoMatch({ q, isCallableOnly: filters.isCallableOnly, objectType, platform: platforms.length === 1 ? platforms[0] : undefined })}</Text>
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
        onChange={(next) => setFilters((current) => ({ ...current, ...next }))}
        platforms={connected}
        columnChooser={
          <ColumnChooser standard={STANDARD_COLUMNS} custom={customColumns} isLoadingCustom={fieldMappings.isPending} chosen={columnIds} onChange={chooseColumns} />
        }
      />
      {filters.view === 'unified' ? (
        <ContactsList
          query={{ ...base, view: 'unified', platforms: platform ? [platform] : null }}
          platforms={platform ? [platform] : connected}
          label="Contacts"
          isSyncing={isSyncing}
          renderEmpty={renderEmpty(platform ? [platform] : connected)}
          columns={columns}
          onOpenContact={setOpenContact}
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
              />
            </Stack>
          ))}
        </SimpleGrid>
      )}
      <ContactDrawer contact={openContact} onClose={() => setOpenContact(null)} />
    </Section>
  );
}

type NoMatchInput = { q: string | null; isCallableOnly: boolean; objectType: TContactObjectType | null; platform: TPlatform | undefined };

/** "No callable contact in Zoho CRM matches “smith”.", "No lead in Salesforce matches these filters." */
function describeNoMatch({ q, isCallableOnly, objectType, platform }: NoMatchInput): string {
  const noun = objectType ? OBJECT_TYPE_LABELS[objectType].one : 'contact';
  const who = isCallableOnly ? `No callable ${noun}` : `No ${noun}`;
  const where = platform ? ` in ${PLATFORM_LABELS[platform]}` : '';
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
