import { PLATFORMS, type TContactObjectType, type TContactSelectionInput, type TPlatform } from '@voiceagent/shared';
import type { ContactListFilter } from './contact-filter-sql';
import type { ContactSelection } from './contact-selection-sql';

// Only these characters: "+1 (415) 555-01" is a phone number, "Suite 415" is not.
const PHONE_LIKE = /^[\d\s+().-]+$/;

/** The list filters as the contacts list query and a selection's `filter` both carry them. */
export type ContactListFilterInput = { platform?: TPlatform[]; q?: string; callable?: boolean; objectType?: TContactObjectType };

/**
 * The one reading of the contacts list's filters, for the list itself and for every selection:
 * every platform listed is the same as none, and lets the queries skip the condition.
 */
export function toContactListFilter(input: ContactListFilterInput): ContactListFilter {
  return {
    kind: 'list',
    platforms: input.platform && input.platform.length < PLATFORMS.length ? input.platform : null,
    search: input.q === undefined ? null : { text: input.q, digits: toSearchDigits(input.q) },
    isCallable: input.callable,
    objectType: input.objectType,
  };
}

/** A parsed ZContactSelection (or the parts of it an endpoint takes) as the query builder reads it. */
export function toContactSelection(input: TContactSelectionInput): ContactSelection {
  return {
    contactIds: [...new Set(input.contactIds ?? [])],
    filter: input.filter ? toContactListFilter(input.filter) : null,
    excludeIds: [...new Set(input.excludeIds ?? [])],
  };
}

/** The digits of a phone-like term (at least two), else null. */
export function toSearchDigits(term: string): string | null {
  if (!PHONE_LIKE.test(term)) return null;
  const digits = term.replace(/\D/g, '');
  return digits.length >= 2 ? digits : null;
}
