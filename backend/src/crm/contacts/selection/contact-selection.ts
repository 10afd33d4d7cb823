import type { PoolClient } from 'pg';
import { PLATFORMS, checkFilterTree, type TContactObjectType, type TContactSelectionInput, type TFilterNode, type TPlatform } from '@voiceagent/shared';
import { AppError } from '../../../http/app-error';
import { findUnstorableText, type FieldIssue } from '../../../http/validate';
import { readFilterFields } from '../../fields/filter-fields';
import type { ContactListFilter, ResolvedFilterTree } from './contact-filter-sql';
import type { ContactSelection } from './contact-selection-sql';

// Only these characters: "+1 (415) 555-01" is a phone number, "Suite 415" is not.
const PHONE_LIKE = /^[\d\s+().-]+$/;

/** The list filters as the contacts list query and a selection's `filter` both carry them. */
export type ContactListFilterInput = {
  platform?: TPlatform[];
  q?: string;
  callable?: boolean;
  objectType?: TContactObjectType;
  where?: TFilterNode;
  /** A crm_list segment's id: its stored members only. The server sets it from a segment, never from input. */
  memberOf?: string;
};

/** A ZContactSelection, or a segment's selection with its `memberOf`. */
export type ContactSelectionInput = Omit<TContactSelectionInput, 'filter'> & { filter?: ContactListFilterInput };

/**
 * The one reading of the contacts list's filters, for the list itself and for every selection:
 * every platform listed is the same as none, and lets the queries skip the condition.
 */
export function toContactListFilter(input: ContactListFilterInput, tree: ResolvedFilterTree | null): ContactListFilter {
  return {
    tree,
    kind: 'list',
    platforms: input.platform && input.platform.length < PLATFORMS.length ? input.platform : null,
    search: input.q === undefined ? null : { text: input.q, digits: toSearchDigits(input.q) },
    isCallable: input.callable,
    objectType: input.objectType,
    memberOf: input.memberOf ?? null,
  };
}

/**
 * A parsed ZContactSelection (or the parts of it an endpoint takes) as the query builder reads
 * it; a filter tree is checked against the user's fields first. `path` names the selection in
 * the request, for the 400 that a wrong tree gets (`contacts` → `contacts.filter.where.and.1`).
 */
export async function readContactSelection(db: PoolClient, userId: string, input: ContactSelectionInput, path: string, now = new Date()): Promise<ContactSelection> {
  const where = input.filter?.where;
  const tree = where ? await resolveFilterTree(db, userId, where, joinPath(path, 'filter.where'), now) : null;
  return {
    contactIds: [...new Set(input.contactIds ?? [])],
    filter: input.filter ? toContactListFilter(input.filter, tree) : null,
    excludeIds: [...new Set(input.excludeIds ?? [])],
  };
}

/**
 * A tree checked against the fields the user has now (standard ones, mapped custom keys), ready
 * to compile: every problem is a 400 naming the condition (`where.and.1: No field "plan"`).
 */
export async function resolveFilterTree(db: PoolClient, userId: string, node: TFilterNode, path: string, now = new Date()): Promise<ResolvedFilterTree> {
  const unstorable = findUnstorableText(node, path);
  if (unstorable) throw invalidTree([unstorable]);
  const { customKinds } = await readFilterFields(db, userId);
  const issues = checkFilterTree(node, customKinds).map((issue) => ({ field: joinPath(path, issue.path), message: issue.message }));
  if (issues.length > 0) throw invalidTree(issues);
  return { node, context: { customKinds, now } };
}

function invalidTree(issues: FieldIssue[]): AppError {
  return new AppError('validation_failed', `Invalid filter: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`, { issues });
}

function joinPath(path: string, part: string): string {
  return [path, part].filter((piece) => piece !== '').join('.');
}

/** The digits of a phone-like term (at least two), else null. */
export function toSearchDigits(term: string): string | null {
  if (!PHONE_LIKE.test(term)) return null;
  const digits = term.replace(/\D/g, '');
  return digits.length >= 2 ? digits : null;
}
