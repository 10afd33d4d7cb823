import { CONTACT_SEARCH_MIN, PLATFORMS, type TContactListFilter, type TFilterNode } from '@voiceagent/shared';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { hasLeads } from '../../../config/object-types';
import { findTreeProblem } from '../../../lib/contact-filter/filter-url';
import { useFilterFields } from '../../../lib/contact-filter/get-filter-fields';
import { useCrmCredentials } from '../api/get-crm-credentials';
import { readContactsUrl, writeContactsUrl, type ContactsUrlPatch, type ContactsUrlState } from '../contacts-url';

export type ContactListFilterFromUrl = {
  /**
   * What the contacts list shows now, as every selection's `filter` says it: for the buttons
   * that act on the filtered list (save as segment, export, update in the CRM).
   */
  filter: TContactListFilter;
  /** The URL's parameters as read; `where` unchecked. */
  url: ContactsUrlState;
  /** The URL's filter tree, once checked against the person's fields; null: none (or left out). */
  where: TFilterNode | null;
  /** Why the URL's tree was left out (not JSON, not a tree, a field not there), or null. */
  whereProblem: string | null;
  /** The URL has a tree still to be checked (the fields are on their way): the list waits for it. */
  isCheckingWhere: boolean;
  /** Changes the URL: a new history entry, or (`replace`) the same one, as typing a search does. */
  update: (patch: ContactsUrlPatch, options?: { replace?: boolean }) => void;
};

/** The contacts screen's filters, read from its URL: the one source of the list's filter. */
export function useContactListFilterFromUrl(): ContactListFilterFromUrl {
  const [params, setParams] = useSearchParams();
  const url = useMemo(() => readContactsUrl(params), [params]);
  const credentials = useCrmCredentials();
  const fields = useFilterFields();
  const connected = PLATFORMS.filter((platform) => credentials.data?.connections.some((c) => c.platform === platform));

  let where: TFilterNode | null = null;
  let whereProblem: string | null = null;
  let isCheckingWhere = false;
  if (url.where.status === 'invalid') whereProblem = url.where.message;
  if (url.where.status === 'ok') {
    if (fields.data) {
      whereProblem = findTreeProblem(url.where.tree, fields.data);
      if (!whereProblem) where = url.where.tree;
    } else if (fields.isError) {
      // Unchecked here, checked by the server: a 400 then shows next to the filter.
      where = url.where.tree;
    } else {
      isCheckingWhere = true;
    }
  }

  // A platform since disconnected falls back to all; a type without Salesforce would hide everything unseen.
  const platform = url.platform && connected.includes(url.platform) ? url.platform : null;
  const objectType = hasLeads(connected) ? url.objectType : null;
  const q = url.q.trim().length >= CONTACT_SEARCH_MIN ? url.q.trim() : null;
  const filter: TContactListFilter = {
    ...(platform ? { platform } : {}),
    ...(q ? { q } : {}),
    ...(url.isCallableOnly ? { callable: true } : {}),
    ...(objectType ? { objectType } : {}),
    ...(where ? { where } : {}),
  };

  const update = useCallback(
    (patch: ContactsUrlPatch, { replace = false }: { replace?: boolean } = {}) => setParams((current) => writeContactsUrl(current, patch), { replace }),
    [setParams],
  );
  return { filter, url, where, whereProblem, isCheckingWhere, update };
}
