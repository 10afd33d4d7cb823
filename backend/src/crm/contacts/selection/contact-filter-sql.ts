import { PLATFORMS, type TContactObjectType, type TFilterNode, type TPlatform } from '@voiceagent/shared';
import type { SqlParams } from '../../../db/sql-params';
import { compileFilterTree, type FilterTreeContext } from './filter-tree-sql';

export type ContactSearch = {
  /** The term as typed; normalised (case, accents) in SQL with the column's own function. */
  text: string;
  /** Its digits when the term is phone-like, else null. */
  digits: string | null;
};

/** A filter tree checked against the user's fields (see resolveFilterTree), with what it compiles against. */
export type ResolvedFilterTree = { node: TFilterNode; context: FilterTreeContext };

/** The contacts list's filters: platform, search text, callable, record type, and a filter tree. */
export type ContactListFilter = {
  kind: 'list';
  /** null: every platform. */
  platforms: TPlatform[] | null;
  search: ContactSearch | null;
  isCallable?: boolean;
  objectType?: TContactObjectType;
  tree: ResolvedFilterTree | null;
  /**
   * The id of a crm_list segment: only its stored members (crm_list_members, 0198). Set by the
   * server from a segment, never from request input.
   */
  memberOf?: string | null;
};

/**
 * Every kind of filter over a user's contacts. A new kind joins this union and gets its case in
 * compileContactFilter; lists, counts and selections follow.
 */
export type ContactFilter = ContactListFilter;

/**
 * A filter as conditions on `public.crm_contacts c`, parameters added to `params`. Neither the
 * owner nor deletion is its concern: each statement says which rows it starts from.
 */
export function compileContactFilter(filter: ContactFilter, params: SqlParams): string[] {
  switch (filter.kind) {
    case 'list':
      return [
        ...buildFieldConditions(filter, params),
        ...(filter.search ? [buildSearchCondition(filter.search, params)] : []),
        ...(filter.tree ? [compileFilterTree(filter.tree.node, params, filter.tree.context)] : []),
      ];
  }
}

/**
 * The list filter's conditions on columns that crm_contacts and private.search_crm_contacts
 * share, so that they apply to the table and to a trigram search's matches alike.
 */
export function buildFieldConditions(filter: Pick<ContactListFilter, 'platforms' | 'isCallable' | 'objectType' | 'memberOf'>, params: SqlParams): string[] {
  const conditions: string[] = [];
  const { platforms } = filter;
  // One platform as `=`, so the (user_id, platform, keys) indexes give rows in order.
  if (platforms?.length === 1) conditions.push(`c.platform = ${params.add(platforms[0])}`);
  else if (platforms && platforms.length < PLATFORMS.length) conditions.push(`c.platform = any(${params.add(platforms)}::text[])`);
  if (filter.isCallable === true) conditions.push('(c.phone_e164 is not null or c.mobile_phone_e164 is not null)');
  if (filter.isCallable === false) conditions.push('c.phone_e164 is null and c.mobile_phone_e164 is null');
  if (filter.objectType) conditions.push(`c.object_type = ${params.add(filter.objectType)}`);
  // One probe of the members' primary key per row; the list's owner is the segment's (0198's key).
  if (filter.memberOf) conditions.push(`exists (select 1 from public.crm_list_members m where m.segment_id = ${params.add(filter.memberOf)}::uuid and m.contact_id = c.id)`);
  return conditions;
}

/** The search as a plain condition on crm_contacts: evaluated row by row, after RLS. */
export function buildSearchCondition(search: ContactSearch, params: SqlParams): string {
  // A sub-select is computed once per statement, in a prepared (generic) plan too; a bare
  // call would run again for every row the walk passes. The term goes in as typed: the pattern
  // escapes %, _ and \ after normalising it, since unaccent folds fullwidth ％ ＿ ＼ into them.
  const text = `c.search_text like (select private.contains_pattern(${params.add(search.text)}))`;
  return search.digits ? `(${text} or c.phone_digits like ${params.add(`%${search.digits}%`)})` : text;
}
