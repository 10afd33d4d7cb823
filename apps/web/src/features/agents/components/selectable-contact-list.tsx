import { Button, Group, Loader, Paper, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TContact } from '@voiceagent/shared';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { SELECTABLE_ROW_HEIGHT, SelectableContactRow } from './selectable-contact-row';

type SelectableContactListProps = {
  /** Names the listbox for screen readers. */
  label: string;
  items: TContact[];
  /** How many contacts the filter matches on the server; the list loads them a page at a time. */
  total: number;
  /** Changes when the filter does: the list starts again from its top. */
  resetKey: string;
  isSelected: (contact: TContact) => boolean;
  onToggle: (contact: TContact) => void;
  nextPage: {
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    isError: boolean;
    errorMessage: string | undefined;
    fetchNextPage: () => void;
  };
};

// Rows this close to the end start the next page, so a steady scroll never meets a gap.
const PREFETCH_ROWS = 30;
const PAGE_STEP = 8;
const LIST_HEIGHT = 'min(55vh, 480px)';

/**
 * A multi-select listbox over a virtualised list: one Tab stop, arrows / Home / End / Page keys
 * move the active row, Space ticks it. Rows without a callable number are there but disabled.
 */
export function SelectableContactList({ label, items, total, resetKey, isSelected, onToggle, nextPage }: SelectableContactListProps) {
  const listId = useId();
  const hintId = `${listId}-hint`;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(-1);
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = nextPage;

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => SELECTABLE_ROW_HEIGHT,
    overscan: 8,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows.at(-1)?.index ?? -1;

  useEffect(() => {
    // After a failed page the person asks again with Retry: no request loop against an error.
    if (hasNextPage && !isFetchingNextPage && !isError && lastVisible >= items.length - PREFETCH_ROWS) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, lastVisible, items.length, fetchNextPage]);

  // A new filter is a new list: back to its top.
  useEffect(() => {
    setActive(-1);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const activeIndex = Math.min(active, items.length - 1);
  const activeContact = activeIndex >= 0 ? items[activeIndex] : undefined;
  const isActiveRendered = virtualRows.some((row) => row.index === activeIndex);

  const moveTo = (index: number) => {
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = items.length - 1;
    if (last < 0) return;
    const from = Math.max(activeIndex, 0);
    const targets: Record<string, number> = {
      ArrowDown: activeIndex < 0 ? 0 : Math.min(last, from + 1),
      ArrowUp: Math.max(0, from - 1),
      Home: 0,
      End: last,
      PageDown: Math.min(last, from + PAGE_STEP),
      PageUp: Math.max(0, from - PAGE_STEP),
    };
    if (event.key in targets) {
      event.preventDefault();
      moveTo(targets[event.key]!);
    } else if (event.key === ' ') {
      // Space would scroll the box otherwise.
      event.preventDefault();
      if (activeContact) onToggle(activeContact);
      else moveTo(0);
    }
  };

  const optionId = (contact: TContact) => `${listId}-${contact.id}`;
  return (
    <Paper withBorder radius="md">
      <Text id={hintId} size="xs" c="gray.7" px="md" py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
        {items.length.toLocaleString('en')} of {total.toLocaleString('en')} loaded · Arrow keys move, Space selects
      </Text>
      <div
        ref={scrollRef}
        role="listbox"
        aria-label={label}
        aria-multiselectable="true"
        aria-describedby={hintId}
        // Only a rendered row can be the active descendant; a scrolled-away one is not announced.
        aria-activedescendant={activeContact && isActiveRendered ? optionId(activeContact) : undefined}
        tabIndex={0}
        onKeyDown={handleKeyDown}
        onFocus={() => {
          if (activeIndex < 0 && items.length > 0) setActive(virtualRows[0]?.index ?? 0);
        }}
        style={{ height: LIST_HEIGHT, overflowY: 'auto', contain: 'strict', outline: 'none' }}
      >
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((row) => {
            const contact = items[row.index]!;
            const selected = isSelected(contact);
            return (
              <div
                key={contact.id}
                id={optionId(contact)}
                role="option"
                aria-selected={selected}
                aria-disabled={!contact.isCallable || undefined}
                aria-setsize={total}
                aria-posinset={row.index + 1}
                onClick={() => {
                  setActive(row.index);
                  scrollRef.current?.focus({ preventScroll: true });
                  onToggle(contact);
                }}
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: row.size, transform: `translateY(${row.start}px)` }}
              >
                <SelectableContactRow contact={contact} isSelected={selected} isActive={row.index === activeIndex} />
              </div>
            );
          })}
        </div>
      </div>
      <NextPageStatus {...nextPage} />
    </Paper>
  );
}

function NextPageStatus({ hasNextPage, isFetchingNextPage, isError, errorMessage, fetchNextPage }: SelectableContactListProps['nextPage']) {
  if (isError) {
    return (
      <Group px="md" py={6} gap="sm" role="alert" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <Text size="sm" c="red.9">
          Could not load more contacts. {errorMessage}
        </Text>
        <Button size="xs" variant="default" onClick={fetchNextPage}>
          Retry
        </Button>
      </Group>
    );
  }
  if (!hasNextPage || !isFetchingNextPage) return null;
  return (
    <Group px="md" py={6} gap="xs" role="status" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      <Loader size="xs" aria-hidden />
      <Text size="sm">Loading more contacts…</Text>
    </Group>
  );
}
