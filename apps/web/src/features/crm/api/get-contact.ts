import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** One contact with every synced field, for the detail drawer. */
export const getContact = (api: ApiClient, contactId: string, signal?: AbortSignal) => api.call(endpoints.getContact, { params: { id: contactId }, signal });

export const getContactQueryOptions = (api: ApiClient, contactId: string) =>
  queryOptions({
    queryKey: crmQueryKeys.contact(contactId),
    queryFn: ({ signal }) => getContact(api, contactId, signal),
  });

export const useContact = (contactId: string) => useQuery(getContactQueryOptions(useApiClient(), contactId));
