import type { Pool, PoolClient } from 'pg';
import {
  PLATFORMS,
  type TContact,
  type TContactCounts,
  type TContactGroup,
  type TContactListQuery,
  type TContactListResponse,
  type TFilterFieldsResponse,
  type TPlatform,
} from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withUser } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import { encodeContactCursor, invalidContactCursor as invalidCursor, type ContactCursor, type CursorScope } from './contact-cursor';
import { readFilterFields } from '../fields/filter-fields';
import * as repo from './contacts-repository';
import type { ContactSearch, ResolvedFilterTree } from './selection/contact-filter-sql';
import { resolveFilterTree, toContactListFilter, type ContactListFilterInput } from './selection/contact-selection';
import { toContactDto } from './to-contact-dto';

export type ContactsServiceDeps = {
  pool: Pool;
  /**
   * A search with at most this many matches is answered from its matches (trigram index),
   * counted exactly. Past it the term is broad: the page walks the sort index with the term
   * as a filter (matches are dense there, so that is quick) and the count is estimated.
   */
  searchMatchLimit?: number;
  /**
   * A filter tree's counts are counted exactly when that takes at most this long; past it they
   * are the planner's estimate (`isEstimate`), so that a first page never waits on a full count.
   */
  treeCountBudgetMs?: number;
  /**
   * A tree is counted only when the planner prices reading its matches at most this much:
   * a dearer count would mostly be cancelled at the budget, and the page would wait for it.
   */
  treeCountCostLimit?: number;
};

export type ContactsService = ReturnType<typeof createContactsService>;

// Reading 10,000 matches costs a few milliseconds; a term that broad finds a page of 50
// within the first thousand rows of the sort index even among 200,000 contacts.
const DEFAULT_SEARCH_MATCH_LIMIT = 10_000;
// A page of a tree costs a few milliseconds; counting an indexed condition among 200,000
// contacts (an index-only scan) fits well within this, a scan of every row does not.
const DEFAULT_TREE_COUNT_BUDGET_MS = 25;
// bench/contacts-api's trees: counts priced 903 took 5 ms, 57,834 took 49 ms and 63,000-67,000
// took 150-290 ms. 20,000 is well inside the budget; the budget still guards a wrong price.
const DEFAULT_TREE_COUNT_COST_LIMIT = 20_000;

type Page = { items: TContact[]; nextCursor: string | null; counts: repo.PlatformCounts; isEstimate: boolean };

/** Reading a user's contacts: lists (unified or per platform), search, counts, one contact. */
export function createContactsService(deps: ContactsServiceDeps) {
  const { pool } = deps;
  const searchMatchLimit = deps.searchMatchLimit ?? DEFAULT_SEARCH_MATCH_LIMIT;
  const treeCountBudgetMs = deps.treeCountBudgetMs ?? DEFAULT_TREE_COUNT_BUDGET_MS;
  const treeCountCostLimit = deps.treeCountCostLimit ?? DEFAULT_TREE_COUNT_COST_LIMIT;

  /** A page and the counts of everything the page's filters match (the cursor aside). */
  async function readPage(db: PoolClient, userId: string, page: repo.ContactPage, scope: CursorScope): Promise<Page> {
    const { filters } = page;
    let rows: repo.ContactRow[];
    let counts: repo.PlatformCounts;
    let isEstimate = false;
    if (!filters.search && !filters.tree && !filters.objectType && !filters.memberOf) {
      // The kept counts answer these filters: read with the page, in the same statement.
      ({ rows, counts } = await repo.listContactRowsCounted(db, page));
    } else if (!filters.search) {
      rows = await repo.listContactRows(db, page);
      ({ counts, isEstimate } = await countFilters(db, filters));
    } else {
      const found = canUseTrigrams(filters.search) ? await repo.searchContactRows(db, page, searchMatchLimit) : { isBroad: true as const };
      if (!found.isBroad) {
        rows = found.rows;
        counts = found.counts;
      } else {
        rows = await repo.listContactRows(db, page);
        ({ counts, isEstimate } = await countUnindexedSearch(db, filters, filters.search));
      }
    }
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows.at(-1);
    const nextCursor = rows.length > page.limit && last ? encodeContactCursor(toCursor(last, page.sort, scope)) : null;
    return { items: pageRows.map((row) => toContactDto(row, userId)), nextCursor, counts, isEstimate };
  }

  /**
   * Counts a search the trigram index could not answer (a short or broad term): exactly when
   * the filters leave at most `searchMatchLimit` contacts to test (and, with a tree, counting
   * them fits the budget), else the planner's estimate of the term's matches, shared out in the
   * proportions of the other filters' counts (as if the term were as common on each platform).
   */
  async function countUnindexedSearch(db: PoolClient, filters: repo.ContactFilters, search: ContactSearch): Promise<{ counts: repo.PlatformCounts; isEstimate: boolean }> {
    const filtered = await countFilters(db, { ...filters, search: null });
    const candidates = sum(filtered.counts);
    if (candidates <= searchMatchLimit) {
      const exact = filters.tree ? await repo.countWithin(db, treeCountBudgetMs, () => repo.countMatchingRows(db, filters)) : await repo.countMatchingRows(db, filters);
      if (exact) return { counts: exact, isEstimate: false };
    }
    const everything = await repo.countFromKeptCounts(db, { userId: filters.userId, platforms: null, includeDeleted: true });
    const all = sum(everything);
    const estimate = Math.min(all, await repo.estimateSearchMatches(db, search));
    return { counts: shareOut(filtered.counts, estimate, all), isEstimate: true };
  }

  /**
   * Counts of filters without a search: from the kept counts (a handful of rows), or row by row
   * when the filters name an object type, which those counts do not break down by. A tree is
   * counted when the planner prices that within reach and it fits the budget; otherwise it is
   * estimated by the planner and shared out like a search. Asking the price costs a millisecond;
   * a count cancelled at the budget cost the page 25.
   */
  async function countFilters(db: PoolClient, filters: repo.ContactFilters): Promise<{ counts: repo.PlatformCounts; isEstimate: boolean }> {
    // The kept counts break down by neither object type nor list membership.
    if (!filters.tree) return { counts: filters.objectType || filters.memberOf ? await repo.countMatchingRows(db, filters) : await repo.countFromKeptCounts(db, filters), isEstimate: false };
    const plan = await repo.planMatchingRows(db, filters);
    if (plan.cost <= treeCountCostLimit) {
      const exact = await repo.countWithin(db, treeCountBudgetMs, () => repo.countMatchingRows(db, filters));
      if (exact) return { counts: exact, isEstimate: false };
    }
    return shareOutEstimate(db, filters, plan.rows);
  }

  /** The planner's estimate of the filters' matches (search aside), shared out in the proportions of the kept counts. */
  async function shareOutEstimate(db: PoolClient, filters: repo.ContactFilters, estimate: number): Promise<{ counts: repo.PlatformCounts; isEstimate: true }> {
    const kept = await repo.countFromKeptCounts(db, filters);
    const all = sum(kept);
    return { counts: shareOut(kept, Math.min(all, estimate), all), isEstimate: true };
  }

  /** `memberOf`: a crm_list segment's members only (GET /segments/:id/contacts sets it, never the query string). */
  async function listContacts(user: AuthenticatedUser, query: TContactListQuery & { memberOf?: string }, cursor: ContactCursor | null): Promise<TContactListResponse> {
    if (cursor && cursor.sort !== query.sort) throw invalidCursor(`it was made for sort=${cursor.sort}`);
    return withUser(pool, user.claims, async (db) => {
      const tree = query.where ? await resolveFilterTree(db, user.id, query.where, 'where') : null;
      const filters: repo.ContactFilters = { ...toContactListFilter(query, tree), userId: user.id, includeDeleted: query.includeDeleted };
      const pageOf = (platforms: TPlatform[] | null, after: ContactCursor | null): repo.ContactPage => ({
        filters: { ...filters, platforms },
        sort: query.sort,
        after,
        limit: query.limit,
        withDuplicates: query.view === 'unified',
      });
      if (query.view === 'unified') {
        if (cursor && cursor.scope !== 'unified') throw invalidCursor('it pages one group of view=separate');
        const scope = filters.platforms ?? [...PLATFORMS];
        const { items, nextCursor, counts, isEstimate } = await readPage(db, user.id, pageOf(filters.platforms, cursor), 'unified');
        return { view: 'unified', items, nextCursor, counts: toCounts(scope, counts, isEstimate) };
      }
      if (cursor?.scope === 'unified') throw invalidCursor('it pages view=unified');
      if (cursor && filters.platforms && !filters.platforms.includes(cursor.scope as TPlatform)) {
        throw invalidCursor(`it pages the ${cursor.scope} group, which the platform filter leaves out`);
      }
      // A group's cursor pages that group alone.
      const groupPlatforms = cursor ? [cursor.scope as TPlatform] : (filters.platforms ?? [...PLATFORMS]);
      const groups: TContactGroup[] = [];
      let isEstimate = false;
      for (const platform of groupPlatforms) {
        const page = await readPage(db, user.id, pageOf([platform], cursor), platform);
        isEstimate ||= page.isEstimate;
        groups.push({ platform, items: page.items, count: page.counts[platform] ?? 0, nextCursor: page.nextCursor });
      }
      const counts = Object.fromEntries(groups.map((group) => [group.platform, group.count]));
      return { view: 'separate', groups, counts: toCounts(groupPlatforms, counts, isEstimate) };
    });
  }

  /**
   * What a list with these filters would count, on the caller's transaction (under the user's
   * claims: a trigram search reads auth.uid()): for a segment's live counts, the same numbers its
   * contacts list shows. A tree naming a field the user has not got throws the list's 400, naming
   * it under `path`.
   */
  async function countContacts(db: PoolClient, userId: string, input: ContactListFilterInput, path: string): Promise<TContactCounts> {
    const tree = input.where ? await resolveFilterTree(db, userId, input.where, path) : null;
    const filters: repo.ContactFilters = { ...toContactListFilter(input, tree), userId, includeDeleted: false };
    const scope = filters.platforms ?? [...PLATFORMS];
    if (!filters.search) {
      const { counts, isEstimate } = await countFilters(db, filters);
      return toCounts(scope, counts, isEstimate);
    }
    if (canUseTrigrams(filters.search)) {
      const page: repo.ContactPage = { filters, sort: 'name', after: null, limit: 1, withDuplicates: false };
      const found = await repo.searchContactRows(db, page, searchMatchLimit);
      if (!found.isBroad) return toCounts(scope, found.counts, false);
    }
    const { counts, isEstimate } = await countUnindexedSearch(db, filters, filters.search);
    return toCounts(scope, counts, isEstimate);
  }

  /**
   * countContacts for several filters at once (a page of segments): each filter's counts, or the
   * 400 its tree gets. Filters only a row-by-row count can answer (a tree or an object type, no
   * search) are counted together in one pass over the user's contacts; the others as countContacts
   * counts them; past a budget of four trees' counts, every one of them is estimated.
   */
  async function countContactsEach(db: PoolClient, userId: string, inputs: readonly ContactListFilterInput[], path: string): Promise<Array<TContactCounts | AppError>> {
    const results: Array<TContactCounts | AppError> = [];
    const together: Array<{ index: number; filters: repo.ContactFilters }> = [];
    for (const [index, input] of inputs.entries()) {
      let tree: ResolvedFilterTree | null = null;
      try {
        tree = input.where ? await resolveFilterTree(db, userId, input.where, path) : null;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results[index] = error;
        continue;
      }
      const filters: repo.ContactFilters = { ...toContactListFilter(input, tree), userId, includeDeleted: false };
      if (!filters.search && (filters.objectType || filters.tree || filters.memberOf)) together.push({ index, filters });
      else results[index] = await countContacts(db, userId, input, path);
    }
    // One pass for all of them, within the budget of a few trees; past it each is estimated.
    const counted = await repo.countWithin(db, treeCountBudgetMs * 4, () => repo.countMatchingRowsEach(db, userId, together.map((item) => item.filters)));
    for (const [i, { index, filters }] of together.entries()) {
      const { counts, isEstimate } = counted ? { counts: counted[i]!, isEstimate: false } : await shareOutEstimate(db, filters, (await repo.planMatchingRows(db, filters)).rows);
      results[index] = toCounts(filters.platforms ?? [...PLATFORMS], counts, isEstimate);
    }
    return results;
  }

  async function getContact(user: AuthenticatedUser, id: string): Promise<TContact> {
    const row = await withUser(pool, user.claims, (db) => repo.findContactRow(db, user.id, id));
    if (!row) throw new AppError('not_found', `No contact ${id}`);
    return toContactDto(row, user.id);
  }

  /** The fields the user's filter trees may name, as they stand now. */
  async function listFilterFields(user: AuthenticatedUser): Promise<TFilterFieldsResponse> {
    const { items } = await withUser(pool, user.claims, (db) => readFilterFields(db, user.id));
    return { items };
  }

  return { listContacts, countContacts, countContactsEach, listFilterFields, getContact };
}

/**
 * A trigram index finds a term only through its three-character pieces. For a shorter term
 * (or digits) it would read its whole posting lists, far slower than walking the sort index.
 */
function canUseTrigrams(search: ContactSearch): boolean {
  return search.text.length >= 3 && (search.digits === null || search.digits.length >= 3);
}

function sum(counts: repo.PlatformCounts): number {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}

/** An estimate of `all`'s matches shared out in the proportions of `counts`, never above them. */
function shareOut(counts: repo.PlatformCounts, estimate: number, all: number): repo.PlatformCounts {
  return Object.fromEntries(Object.entries(counts).map(([platform, n]) => [platform, all === 0 ? 0 : Math.min(n, Math.round((estimate * n) / all))]));
}

function toCounts(scope: readonly TPlatform[], counts: repo.PlatformCounts, isEstimate: boolean): TContactCounts {
  const byPlatform = Object.fromEntries(scope.map((platform) => [platform, counts[platform] ?? 0]));
  const total = scope.reduce((sum, platform) => sum + (counts[platform] ?? 0), 0);
  return { byPlatform, total, isEstimate };
}

function toCursor(row: repo.ContactRow, sort: 'name' | 'updated', scope: CursorScope): ContactCursor {
  return sort === 'name'
    ? { sort, lastName: row.sort_last_name, firstName: row.sort_first_name, id: row.id, scope }
    : { sort, updatedAt: row.sort_updated, id: row.id, scope };
}
