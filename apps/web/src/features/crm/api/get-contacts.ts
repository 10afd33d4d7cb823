import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { TContact, TContactCounts, TContactObjectType, TFilterNode, TPlatform } from '@voiceagent/shared';
import { fetchContactList } from '../../../lib/contact-filter/list-contacts';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { useIsLive } from '../../../lib/live-events';
import { crmQueryKeys } from './query-keys';

/** Large pages keep a fast scroll through 10,000 rows to a hundred requests. */
export const CONTACTS_PAGE_SIZE = 100;

export type ContactsQuery = {
  /** `separate` pages one platform's group on its own: `platforms` then holds exactly one. */
  view: 'unified' | 'separate';
  /** null: every platform. */
  platforms: TPlatform[] | null;
  /** Already trimmed and at least CONTACT_SEARCH_MIN long; null: no search. */
  q: string | null;
  isCallableOnly: boolean;
  /** Only contacts or only (Salesforce) leads; null: both. */
  objectType: TContactObjectType | null;
  sort: 'name' | 'updated';
  /** A filter tree checked against the person's fields; null: none. */
  where: TFilterNode | null;
};

/** One page of either view, in the same shape, so one list component pages both. */
export type ContactsPage = { items: TContact[]; nextCursor: string | null; counts: TContactCounts };

export async function getContactsPage(api: ApiClient, query: ContactsQuery, cursor: string | null, signal?: AbortSignal): Promise<ContactsPage> {
  // A tree too long for a URL goes by POST /crm/contacts/query: the same page and counts.
  const response = await fetchContactList(
    api,
    {
      view: query.view,
      platforms: query.platforms,
      q: query.q,
      // Off means "everyone", not "only the uncallable" (callable=false).
      callable: query.isCallableOnly ? true : undefined,
      objectType: query.objectType,
      sort: query.sort,
      limit: CONTACTS_PAGE_SIZE,
      cursor,
      where: query.where,
    },
    signal,
  );
  if (response.view === 'unified') return response;
  const group = response.groups[0];
  return { items: group?.items ?? [], nextCursor: group?.nextCursor ?? null, counts: response.counts };
}

type ContactsOptions = {
  /** While a sync runs, a list still on its first page is refreshed so arriving contacts show up (unless the live stream does it). */
  isSyncing?: boolean;
  /** The live stream is open: it invalidates the list when contacts change, so nothing polls. */
  isLive?: boolean;
};

export const getContactsInfiniteQueryOptions = (api: ApiClient, query: ContactsQuery, { isSyncing = false, isLive = false }: ContactsOptions = {}) =>
  infiniteQueryOptions({
    queryKey: [...crmQueryKeys.contacts(), query],
    queryFn: ({ pageParam, signal }) => getContactsPage(api, query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // A new search term keeps the old rows on screen until its results arrive.
    placeholderData: keepPreviousData,
    // Refetching an infinite query re-reads every loaded page: only worth it for the first.
    refetchInterval: (q) => (isSyncing && !isLive && (q.state.data?.pages.length ?? 0) <= 1 ? 5_000 : false),
  });

export const useContacts = (query: ContactsQuery, options?: Omit<ContactsOptions, 'isLive'>) =>
  useInfiniteQuery(getContactsInfiniteQueryOptions(useApiClient(), query, { ...options, isLive: useIsLive() }));
