import { Button, Group, Loader, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TContact, TPlatform } from '@voiceagent/shared';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useContacts, type ContactsQuery } from '../api/get-contacts';
import { CONTACT_LIST_CLASS, CONTACT_ROW_HEIGHT, ContactRow, type ContactRowColumns } from './contact-row';
import { ContactsCounts } from './contacts-counts';
import { LoadError } from '../../../components/load-error';
import { describeError } from '../../../lib/error-messages';
import { describeFilterRejection } from '../../../lib/contact-filter/filter-rejection';
import { FilterRejectedAlert } from '../../../components/contact-filter/contact-filter';

type ContactsListProps = {
  query: ContactsQuery;
  /** Connected platforms this list covers, for the per-platform counts. */
  platforms: readonly TPlatform[];
  /** Names the list for screen readers: "Contacts", "HubSpot contacts". */
  label: string;
  isSyncing: boolean;
  /** What to show when the query matches nobody: the next step depends on why. */
  renderEmpty: () => ReactNode;
  /** The columns chosen beside the name. */
  columns?: ContactRowColumns;
  /** Opens a contact's details. */
  onOpenContact?: (contact: TContact) => void;
  /** Actions on one contact, composed by the route. */
  renderContactActions?: (contact: TContact) => ReactNode;
};

// Rows this close to the end start the next page, so a steady scroll never meets a gap.
const PREFETCH_ROWS = 30;
const LIST_HEIGHT = 'min(70vh, 640px)';
// Two rows found do not need a 640-pixel box.
const listHeight = (contentPx: number) => `min(70vh, 640px, ${contentPx + 2}px)`;

/** One scrolling list of contacts, paged by cursor and rendered a screenful at a time. */
export function ContactsList({ query, platforms, label, isSyncing, renderEmpty, columns, onOpenContact, renderContactActions }: ContactsListProps) {
  const contacts = useContacts(query, { isSyncing });
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = contacts;
  const items = useMemo(() => contacts.data?.pages.flatMap((page) => page.items) ?? [], [contacts.data]);
  const counts = contacts.data?.pages[0]?.counts;
  const scrollRef = useRef<HTMLDivElement>(null);

  // One extra row at the end holds the loader (or the retry) of the next page.
  const virtualizer = useVirtualizer({
    count: items.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CONTACT_ROW_HEIGHT,
    overscan: 10,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows.at(-1)?.index ?? -1;

  useEffect(() => {
    // After a failed page the person asks again with Retry: no request loop against an error.
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError && lastVisible >= items.length - PREFETCH_ROWS) {
      void fetchNextPage();
    }
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, lastVisible, items.length, fetchNextPage]);

  // A new filter is a new list: start it from the top.
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [queryKey]);

  if (contacts.isPending) return <ContactsListSkeleton label={label} />;
  if (contacts.isError && !contacts.data) {
    // A filter the server refused (a field gone since) is said as such, next to the filter.
    const rejection = describeFilterRejection(contacts.error, query.where !== null);
    if (rejection) return <FilterRejectedAlert message={rejection} />;
    return <LoadError title="Could not load contacts" query={contacts} />;
  }
  if (items.length === 0 && !contacts.isPlaceholderData) return <>{renderEmpty()}</>;

  const total = counts?.total ?? items.length;
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <ContactsCounts counts={counts} platforms={platforms} objectType={query.objectType} />
        {contacts.isPlaceholderData && (
          <Group gap={6} role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm">Searching…</Text>
          </Group>
        )}
      </Group>
      <Paper
        withBorder
        radius="md"
        ref={scrollRef}
        className={CONTACT_LIST_CLASS}
        // Focusable, so the list scrolls with the keyboard.
        tabIndex={0}
        role="region"
        aria-label={`${label}, ${items.length.toLocaleString('en')} of ${total.toLocaleString('en')} loaded`}
        style={{ height: listHeight(virtualizer.getTotalSize()), overflowY: 'auto', contain: 'strict' }}
      >
        <div role="list" aria-label={label} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((row) => {
            const contact = items[row.index];
            return (
              <div
                key={row.key}
                role="listitem"
                aria-setsize={total}
                aria-posinset={row.index + 1}
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: row.size, transform: `translateY(${row.start}px)` }}
              >
                {contact ? (
                  <ContactRow contact={contact} columns={columns} onOpen={onOpenContact} actions={renderContactActions?.(contact)} />
                ) : (
                  <NextPageRow isError={isFetchNextPageError} message={contacts.error ? describeError(contacts.error) : undefined} onRetry={() => void fetchNextPage()} />
                )}
              </div>
            );
          })}
        </div>
      </Paper>
    </Stack>
  );
}

function NextPageRow({ isError, message, onRetry }: { isError: boolean; message: string | undefined; onRetry: () => void }) {
  return (
    <Group h={CONTACT_ROW_HEIGHT} px="md" gap="sm" justify="center">
      {isError ? (
        <>
          <Text size="sm" c="red.9">
            Could not load more contacts. {message}
          </Text>
          <Button size="xs" variant="default" onClick={onRetry}>
            Retry
          </Button>
        </>
      ) : (
        <>
          <Loader size="xs" aria-hidden />
          <Text size="sm">Loading more contacts…</Text>
        </>
      )}
    </Group>
  );
}

function ContactsListSkeleton({ label }: { label: string }) {
  return (
    <Paper withBorder radius="md" role="status" aria-label={`Loading ${label.toLowerCase()}`} style={{ height: LIST_HEIGHT, overflow: 'hidden' }}>
      {Array.from({ length: 6 }, (_, i) => (
        <Group key={i} h={CONTACT_ROW_HEIGHT} px="md" gap="md" wrap="nowrap">
          <Skeleton height={24} width={24} radius="sm" />
          <Stack gap={6} style={{ flex: 1 }}>
            <Skeleton height={12} width="40%" />
            <Skeleton height={10} width="25%" />
          </Stack>
        </Group>
      ))}
    </Paper>
  );
}
