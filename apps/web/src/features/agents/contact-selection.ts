import { AGENT_CONTACT_IDS_MAX, type TAgentContactsSelection, type TContact, type TContactCounts } from '@voiceagent/shared';
import type { ContactsFilter } from './api/get-contacts';

/** "All matching": every callable contact a filter matches when the agent is created, less the unticked. */
export type MatchingSelection = {
  filter: ContactsFilter;
  /** The server's count of callable contacts matching the filter when it was chosen. */
  total: number;
  /** The server estimated `total` (a broad search among many contacts). */
  isEstimate: boolean;
  excluded: ReadonlySet<string>;
};

/**
 * What the person has chosen. Picks are kept across searches, platforms and pages; "all
 * matching" belongs to one filter, and the list stays on that filter while it is chosen, since
 * only the server can tell which contacts of another search it covers.
 */
export type ContactSelection = {
  /** Picked one by one, in the order picked. */
  picked: ReadonlyMap<string, TContact>;
  matching: MatchingSelection | null;
};

export const EMPTY_SELECTION: ContactSelection = { picked: new Map(), matching: null };

export function isSameFilter(a: ContactsFilter, b: ContactsFilter): boolean {
  return a.platform === b.platform && a.q === b.q && a.objectType === b.objectType && JSON.stringify(a.where) === JSON.stringify(b.where);
}

/** Whether "all matching" covers this contact of the list shown with `filter`. */
function isCoveredByMatching(selection: ContactSelection, contact: TContact, filter: ContactsFilter): boolean {
  const { matching } = selection;
  return matching !== null && isSameFilter(matching.filter, filter) && !matching.excluded.has(contact.id);
}

export function isContactSelected(selection: ContactSelection, contact: TContact, filter: ContactsFilter): boolean {
  return contact.isCallable && (selection.picked.has(contact.id) || isCoveredByMatching(selection, contact, filter));
}

/** Ticks contacts of the list shown with `filter`; those without a callable number cannot be. */
export function selectContacts(selection: ContactSelection, contacts: readonly TContact[], filter: ContactsFilter): ContactSelection {
  const picked = new Map(selection.picked);
  const matching = selection.matching;
  const isMatchingList = matching !== null && isSameFilter(matching.filter, filter);
  const excluded = new Set(matching?.excluded);
  for (const contact of contacts) {
    if (!contact.isCallable || isContactSelected(selection, contact, filter)) continue;
    // Under "all matching" a contact unticked earlier is ticked again by no longer excluding it.
    if (isMatchingList && excluded.has(contact.id)) excluded.delete(contact.id);
    else picked.set(contact.id, contact);
  }
  return { picked, matching: matching && { ...matching, excluded } };
}

export function deselectContacts(selection: ContactSelection, contacts: readonly TContact[], filter: ContactsFilter): ContactSelection {
  const picked = new Map(selection.picked);
  const matching = selection.matching;
  const isMatchingList = matching !== null && isSameFilter(matching.filter, filter);
  const excluded = new Set(matching?.excluded);
  for (const contact of contacts) {
    picked.delete(contact.id);
    if (isMatchingList && contact.isCallable) excluded.add(contact.id);
  }
  return { picked, matching: matching && { ...matching, excluded } };
}

export function toggleContact(selection: ContactSelection, contact: TContact, filter: ContactsFilter): ContactSelection {
  return isContactSelected(selection, contact, filter) ? deselectContacts(selection, [contact], filter) : selectContacts(selection, [contact], filter);
}

/** Adds every callable contact `filter` matches, as counted by the server with callable=true. */
export function selectAllMatching(selection: ContactSelection, filter: ContactsFilter, callableCounts: TContactCounts): ContactSelection {
  return { ...selection, matching: { filter, total: callableCounts.total, isEstimate: callableCounts.isEstimate, excluded: new Set() } };
}

export function removeMatching(selection: ContactSelection): ContactSelection {
  return { ...selection, matching: null };
}

export function unpickContact(selection: ContactSelection, contactId: string): ContactSelection {
  const picked = new Map(selection.picked);
  picked.delete(contactId);
  return { ...selection, picked };
}

export type SelectionCount = {
  picked: number;
  /** Of "all matching", after the unticked; 0 without it. */
  matching: number;
  /** picked + matching: exact without "all matching" or without picks; else at most this, as a pick may also match. */
  total: number;
  isExact: boolean;
};

export function countSelection(selection: ContactSelection): SelectionCount {
  const picked = selection.picked.size;
  const { matching } = selection;
  const matched = matching ? Math.max(0, matching.total - matching.excluded.size) : 0;
  const isExact = !matching || (!matching.isEstimate && picked === 0);
  return { picked, matching: matched, total: picked + matched, isExact };
}

/** Why the selection cannot be sent as it is, or null. */
export function findSelectionProblem(selection: ContactSelection): string | null {
  const max = AGENT_CONTACT_IDS_MAX.toLocaleString('en');
  if (selection.picked.size > AGENT_CONTACT_IDS_MAX) {
    return `Pick at most ${max} contacts one by one; for more, search and use "Select all matching".`;
  }
  if ((selection.matching?.excluded.size ?? 0) > AGENT_CONTACT_IDS_MAX) {
    return `Untick at most ${max} contacts from "all matching"; narrow the search instead.`;
  }
  if (selection.picked.size === 0 && !selection.matching) return 'Select at least one contact to call.';
  return null;
}

/** The `contacts` of createAgent's body; null when nothing is selected. */
export function toSelectionRequest(selection: ContactSelection): TAgentContactsSelection | null {
  const contactIds = [...selection.picked.keys()];
  const { matching } = selection;
  if (!matching) return contactIds.length > 0 ? { contactIds } : null;
  return {
    ...(contactIds.length > 0 ? { contactIds } : {}),
    filter: {
      ...(matching.filter.platform ? { platform: matching.filter.platform } : {}),
      ...(matching.filter.q ? { q: matching.filter.q } : {}),
      // "All matching leads" must not become all matching records on the server.
      ...(matching.filter.objectType ? { objectType: matching.filter.objectType } : {}),
      // The builder's tree: the server takes the same contacts it counted.
      ...(matching.filter.where ? { where: matching.filter.where } : {}),
      // What the count promised: the agent takes callable contacts only.
      callable: true,
    },
    excludeIds: [...matching.excluded],
  };
}
