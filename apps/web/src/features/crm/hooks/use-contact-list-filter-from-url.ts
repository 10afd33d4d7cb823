import { CONTACT_SEARCH_MIN, PLATFORMS, type TContactListFilter, type TFilterNode } from '@voiceagent/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
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

/**
 * The contacts screen's filters, read from its URL: the one source of the list's filter.
 *
 * The router commits a new URL a moment after it is asked to (in a transition), so a switch bound
 * to the URL alone would spring back when clicked. The filters are therefore held here as well:
 * a change shows at once and is written to the URL; a URL this hook did not write (back,
 * forward, a link) is read back in.
 */
export function useContactListFilterFromUrl(): ContactListFilterFromUrl {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const [url, setUrl] = useState(() => readContactsUrl(params));
  const current = useRef(search);
  // What this hook has written and the router has not yet committed, oldest first.
  const pending = useRef<string[]>([]);
  const setParamsRef = useRef(setParams);
  useEffect(() => {
    setParamsRef.current = setParams;
  }, [setParams]);
  useEffect(() => {
    // Back and forward: read at once from the address bar. The router may never commit a URL this
    // hook wrote if the person goes back before it does, and then `search` below does not change.
    const adoptAddress = () => {
      const text = new URLSearchParams(window.location.search).toString();
      pending.current = [];
      current.current = text;
      setUrl(readContactsUrl(new URLSearchParams(text)));
    };
    window.addEventListener('popstate', adoptAddress);
    return () => window.removeEventListener('popstate', adoptAddress);
  }, []);
  useEffect(() => {
    // A link, or a URL the router committed: adopted unless it is one this hook wrote.
    const index = pending.current.indexOf(search);
    if (index >= 0) {
      pending.current = pending.current.slice(index + 1);
      return;
    }
    pending.current = [];
    current.current = search;
    setUrl(readContactsUrl(new URLSearchParams(search)));
  }, [search]);
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

  const update = useCallback((patch: ContactsUrlPatch, { replace = false }: { replace?: boolean } = {}) => {
    const next = writeContactsUrl(new URLSearchParams(current.current), patch);
    const text = next.toString();
    if (text === current.current) return;
    current.current = text;
    pending.current.push(text);
    setUrl(readContactsUrl(next));
    setParamsRef.current(next, { replace });
  }, []);
  return { filter, url, where, whereProblem, isCheckingWhere, update };
}
