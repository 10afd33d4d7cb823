import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../api-client';
import { useApiClient } from '../backend';

// Under the CRM screen's root key (['crm']): a disconnect, which refreshes everything there, refreshes the fields too.
export const FILTER_FIELDS_QUERY_KEY = ['crm', 'filter-fields'] as const;

export const getFilterFieldsQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: FILTER_FIELDS_QUERY_KEY,
    queryFn: async ({ signal }) => (await api.call(endpoints.listContactFilterFields, { signal })).items,
    // Mappings change rarely; a minute old is fresh enough to build a filter from.
    staleTime: 60_000,
  });

/** The fields a filter may name: standard ones, then the mapped custom fields. */
export const useFilterFields = () => useQuery(getFilterFieldsQueryOptions(useApiClient()));
