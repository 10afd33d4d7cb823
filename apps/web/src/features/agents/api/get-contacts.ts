import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TContact, TContactCounts, TContactObjectType, TFilterNode, TPlatform } from '@voiceagent/shared';
import { fetchContactList } from '../../../lib/contact-filter/list-contacts';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

/** Large pages keep a fast scroll through thousands of contacts to a few dozen requests. */
export const SELECTOR_PAGE_SIZE = 100;

/** What the selector lists: every live contact (callable or not), by name. */
export type ContactsFilter = {
  /** null: every platform. */
  platform: TPlatform | null;
  /** Trimmed and long enough to search; null: no search. */
  q: string | null;
  /** Only contacts or only (Salesforce) leads; null: both. */
  objectType: TContactObjectType | null;
  /** A filter tree built with the filter builder; null: none. */
  where: TFilterNode | null;
};

export type ContactsPage = { items: TContact[]; nextCursor: string | null; counts: TContactCounts };

/** The contacts list in the unified view, by name; `isCallableOnly` narrows it as the agent will. */
export async function getContacts(
  api: ApiClient,
  filter: ContactsFilter,
  page: { cursor: string | null; limit: number; isCallableOnly: boolean },
  signal?: AbortSignal,
): Promise<ContactsPage> {
  // A tree too long for a URL goes by POST /crm/contacts/query: the same page and counts.
  const response = await fetchContactList(
    api,
    {
      view: 'unified',
      sort: 'name',
      platforms: filter.platform ? [filter.platform] : null,
      q: filter.q,
      objectType: filter.objectType,
      callable: page.isCallableOnly ? true : undefined,
      limit: page.limit,
      cursor: page.cursor,
      where: filter.where,
    },
    signal,
  );
  if (response.view !== 'unified') throw new Error('The server sent contacts grouped by platform; the selector asked for one list.');
  return response;
}

export const getSelectableContactsInfiniteQueryOptions = (api: ApiClient, filter: ContactsFilter) =>
  infiniteQueryOptions({
    queryKey: [...agentsQueryKeys.selectableContacts(), 'list', filter],
    queryFn: ({ pageParam, signal }) => getContacts(api, filter, { cursor: pageParam, limit: SELECTOR_PAGE_SIZE, isCallableOnly: false }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // A new search keeps the old rows on screen until its results arrive.
    placeholderData: keepPreviousData,
  });

/** The contacts the selector lists, a page at a time. */
export const useSelectableContacts = (filter: ContactsFilter) => useInfiniteQuery(getSelectableContactsInfiniteQueryOptions(useApiClient(), filter));

/**
 * How many contacts the agent would take for "select all matching": the same filter with
 * callable=true, counted by the server (one row read, the counts are what matter).
 */
export const getCallableCountQueryOptions = (api: ApiClient, filter: ContactsFilter) =>
  queryOptions({
    queryKey: [...agentsQueryKeys.selectableContacts(), 'callable-count', filter],
    queryFn: async ({ signal }) => (await getContacts(api, filter, { cursor: null, limit: 1, isCallableOnly: true }, signal)).counts,
    placeholderData: keepPreviousData,
  });

export const useCallableCount = (filter: ContactsFilter) => useQuery(getCallableCountQueryOptions(useApiClient(), filter));
