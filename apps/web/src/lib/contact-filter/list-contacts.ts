import { endpoints, type TContactListResponse, type TContactObjectType, type TFilterNode, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../api-client';
import { encodeWhere, fitsInQuery } from './filter-url';

/** One request for the contacts list, whichever way it travels. */
export type ContactListRequest = {
  view: 'unified' | 'separate';
  sort: 'name' | 'updated';
  limit: number;
  cursor: string | null;
  /** null: every platform. */
  platforms: TPlatform[] | null;
  q: string | null;
  /** undefined: callable or not. */
  callable: boolean | undefined;
  objectType: TContactObjectType | null;
  where: TFilterNode | null;
};

/**
 * GET /crm/contacts, or POST /crm/contacts/query when the filter tree is too long for a URL:
 * the same list and counts either way.
 */
export function fetchContactList(api: ApiClient, request: ContactListRequest, signal?: AbortSignal): Promise<TContactListResponse> {
  const { view, sort, limit, cursor, platforms, q, callable, objectType, where } = request;
  if (where === null || fitsInQuery(where)) {
    return api.call(endpoints.listContacts, {
      signal,
      query: {
        view,
        sort,
        limit,
        cursor,
        platform: platforms,
        q,
        callable: callable === undefined ? undefined : callable ? 'true' : 'false',
        objectType,
        where: where === null ? null : encodeWhere(where),
      },
    });
  }
  return api.call(endpoints.queryContacts, {
    signal,
    body: {
      view,
      sort,
      limit,
      ...(cursor ? { cursor } : {}),
      ...(platforms ? { platform: platforms } : {}),
      ...(q ? { q } : {}),
      ...(callable === undefined ? {} : { callable }),
      ...(objectType ? { objectType } : {}),
      where,
    },
  });
}
