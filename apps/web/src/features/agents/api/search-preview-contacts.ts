import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { CONTACT_SEARCH_MIN } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { getContacts } from './get-contacts';
import { agentsQueryKeys } from './query-keys';

const PREVIEW_CONTACTS_LIMIT = 20;

/** Contacts to preview a prompt with: the first by name, or those matching a search. */
export const getPreviewContactsQueryOptions = (api: ApiClient, search: string) => {
  const q = search.length >= CONTACT_SEARCH_MIN ? search : null;
  return queryOptions({
    queryKey: [...agentsQueryKeys.selectableContacts(), 'preview', q],
    queryFn: async ({ signal }) =>
      (await getContacts(api, { platform: null, q, objectType: null, where: null }, { cursor: null, limit: PREVIEW_CONTACTS_LIMIT, isCallableOnly: false }, signal)).items,
    placeholderData: keepPreviousData,
  });
};

export const usePreviewContacts = (search: string) => useQuery(getPreviewContactsQueryOptions(useApiClient(), search));
