import type { Pool, PoolClient } from 'pg';
import {
  PLATFORMS,
  type TContact,
  type TContactCounts,
  type TContactGroup,
  type TContactListQuery,
  type TContactListResponse,
  type TPlatform,
} from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withUser } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import { encodeContactCursor, invalidCursor, type ContactCursor, type CursorScope } from './contact-cursor';
import * as repo from './contacts-repository';
import { toContactDto } from './to-contact-dto';

export type ContactsServiceDeps = {
  pool: Pool;
  /**
   * Searches count their matches exactly up to this many; past it the count is the planner's
   * estimate (flagged). Reading 10,000 matching rows costs a few milliseconds; reading all of
   * a term that matches most of 200,000 contacts would cost more than the page itself.
   */
  searchCountCap?: number;
};

export type ContactsService = ReturnType<typeof createContactsService>;

const DEFAULT_SEARCH_COUNT_CAP = 10_000;
// Only these characters: "+1 (415) 555-01" is a phone number, "Suite 415" is not.
const PHONE_LIKE = /^[\d\s+().-]+$/;

/** Reading a user's contacts: lists (unified or per platform), search, counts, one contact. */
export function createContactsService(deps: ContactsServiceDeps) {
  const { pool } = deps;
  const searchCountCap = deps.searchCountCap ?? DEFAULT_SEARCH_COUNT_CAP;

  async function countContacts(db: PoolClient, filters: repo.ContactFilters): Promise<TContactCounts> {
    const scope = filters.platforms ?? [...PLATFORMS];
    let counts: repo.PlatformCounts;
    let isEstimate = false;
    if (!filters.search) {
      counts = await repo.countFromKeptCounts(db, filters);
    } else {
      const capped = await repo.countMatchesCapped(db, filters, searchCountCap);
      counts = capped.counts;
      if (capped.isCapped) {
        isEstimate = true;
        counts = spreadEstimate(capped.counts, Math.max(searchCountCap + 1, await repo.estimateMatches(db, filters)));
      }
    }
    const byPlatform = Object.fromEntries(scope.map((platform) => [platform, counts[platform] ?? 0]));
    const total = scope.reduce((sum, platform) => sum + (counts[platform] ?? 0), 0);
    return { byPlatform, total, isEstimate };
  }

  async function listPage(
    db: PoolClient,
    user: AuthenticatedUser,
    page: repo.ContactPage,
    scope: CursorScope,
  ): Promise<{ items: TContact[]; nextCursor: string | null }> {
    const rows = await repo.listContactRows(db, page);
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows.at(-1);
    const nextCursor = rows.length > page.limit && last ? encodeContactCursor(toCursor(last, page.sort, scope)) : null;
    return { items: pageRows.map((row) => toContactDto(row, user.id)), nextCursor };
  }

  async function listContacts(user: AuthenticatedUser, query: TContactListQuery, cursor: ContactCursor | null): Promise<TContactListResponse> {
    if (cursor && cursor.sort !== query.sort) throw invalidCursor(`it was made for sort=${cursor.sort}`);
    const filters = toFilters(user, query);
    const pageOf = (platforms: TPlatform[] | null, after: ContactCursor | null): repo.ContactPage => ({
      filters: { ...filters, platforms },
      sort: query.sort,
      after,
      limit: query.limit,
      withDuplicates: query.view === 'unified',
    });

    return withUser(pool, user.claims, async (db) => {
      if (query.view === 'unified') {
        if (cursor && cursor.scope !== 'unified') throw invalidCursor('it pages one group of view=separate');
        const page = await listPage(db, user, pageOf(filters.platforms, cursor), 'unified');
        return { view: 'unified', ...page, counts: await countContacts(db, filters) };
      }
      if (cursor?.scope === 'unified') throw invalidCursor('it pages view=unified');
      const groupPlatforms = cursor ? [cursor.scope as TPlatform] : (filters.platforms ?? [...PLATFORMS]);
      if (cursor && filters.platforms && !filters.platforms.includes(cursor.scope as TPlatform)) {
        throw invalidCursor(`it pages the ${cursor.scope} group, which the platform filter leaves out`);
      }
      const counts = await countContacts(db, filters);
      const groups: TContactGroup[] = [];
      for (const platform of groupPlatforms) {
        const page = await listPage(db, user, pageOf([platform], cursor), platform);
        groups.push({ platform, ...page, count: counts.byPlatform[platform] ?? 0 });
      }
      return { view: 'separate', groups, counts };
    });
  }

  async function getContact(user: AuthenticatedUser, id: string): Promise<TContact> {
    const row = await withUser(pool, user.claims, (db) => repo.findContactRow(db, user.id, id));
    if (!row) throw new AppError('not_found', `No contact ${id}`);
    return toContactDto(row, user.id);
  }

  return { listContacts, getContact };
}

function toFilters(user: AuthenticatedUser, query: TContactListQuery): repo.ContactFilters {
  // Every platform listed is the same as no filter, and lets the queries skip the condition.
  const platforms = query.platform && query.platform.length < PLATFORMS.length ? query.platform : null;
  const search = query.q === undefined ? null : { text: query.q, digits: toSearchDigits(query.q) };
  return { userId: user.id, platforms, search, isCallable: query.callable, includeDeleted: query.includeDeleted };
}

/** The digits of a phone-like term (at least two), else null. */
function toSearchDigits(term: string): string | null {
  if (!PHONE_LIKE.test(term)) return null;
  const digits = term.replace(/\D/g, '');
  return digits.length >= 2 ? digits : null;
}

function toCursor(row: repo.ContactRow, sort: 'name' | 'updated', scope: CursorScope): ContactCursor {
  return sort === 'name'
    ? { sort, lastName: row.sort_last, firstName: row.sort_first, id: row.id, scope }
    : { sort, updatedAt: row.sort_updated, id: row.id, scope };
}

/** Splits an estimated total across platforms in the proportions of the rows actually counted. */
function spreadEstimate(sample: repo.PlatformCounts, total: number): repo.PlatformCounts {
  const sampled = Object.values(sample).reduce((sum, n) => sum + n, 0);
  if (sampled === 0) return {};
  return Object.fromEntries(Object.entries(sample).map(([platform, n]) => [platform, Math.round((total * n) / sampled)]));
}
