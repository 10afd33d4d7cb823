import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { TContactObjectType, TCustomFieldValue, TNotCallableReason, TPlatform } from '@voiceagent/shared';
import type { StandardFieldColumn } from '../fields/standard-field-values';
import { createSqlParams, type SqlParams } from '../../db/sql-params';
import type { ContactCursor } from './contact-cursor';
import { buildFieldConditions, compileContactFilter, type ContactListFilter, type ContactSearch } from './selection/contact-filter-sql';

/** A contact row as the list and get queries return it. */
export type ContactRow = {
  id: string;
  platform: TPlatform;
  object_type: TContactObjectType;
  external_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  mobile_phone: string | null;
  mobile_phone_e164: string | null;
  company: string | null;
  job_title: string | null;
  lifecycle_stage: string | null;
  lead_status: string | null;
  crm_updated_at: Date | null;
  deleted_at: Date | null;
  custom_fields: Record<string, TCustomFieldValue>;
  field_issues: Record<string, string>;
  /** The shared email or number that makes this row a cross-platform duplicate, if asked for. */
  duplicate_key: string | null;
  /** Why a campaign would not call it (NOT_CALLABLE_REASON), null when it would. */
  not_callable_reason: TNotCallableReason | null;
  // The row's keyset position, exactly as Postgres orders it (sort_updated: UTC, microseconds).
  sort_last_name: string;
  sort_first_name: string;
  sort_updated_at: Date;
  sort_updated: string | null;
} & Record<StandardFieldColumn, string | boolean | null>;

/** A list's filter, whose it is, and whether deleted contacts are in it. */
export type ContactFilters = ContactListFilter & {
  userId: string;
  includeDeleted: boolean;
};

export type ContactPage = {
  filters: ContactFilters;
  sort: 'name' | 'updated';
  after: ContactCursor | null;
  limit: number;
  withDuplicates: boolean;
};

export type PlatformCounts = Partial<Record<TPlatform, number>>;

/** The keyset orders; each is served by a (user_id[, platform], keys) index of 0012. */
function buildOrderBy(sort: 'name' | 'updated', alias = 'c'): string {
  const a = alias;
  return sort === 'name' ? `${a}.sort_last_name, ${a}.sort_first_name, ${a}.id` : `${a}.sort_updated_at desc, ${a}.id desc`;
}

const COLUMNS = `c.id, c.platform, c.object_type, c.external_id, c.first_name, c.last_name, c.email, c.phone, c.phone_e164,
  c.mobile_phone, c.mobile_phone_e164, c.company, c.job_title, c.lifecycle_stage, c.lead_status, c.crm_updated_at,
  c.deleted_at, c.sort_last_name, c.sort_first_name, c.sort_updated_at,
  c.custom_fields, c.field_issues, c.time_zone, c.preferred_language, c.do_not_call, c.call_consent, c.preferred_call_time, c.account_owner,
  to_char(c.crm_updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_updated`;

/**
 * The email, else the smallest E.164 number, that another platform's live contact shares with
 * this row. Each probe is one seek in a partial index of 0012 and stops at the first hit, so
 * a row costs at most three probes, however many contacts share its key.
 */
const DUPLICATE_KEY = `case
    when c.email_key is not null and exists (
      select 1 from public.crm_contacts d
      where d.user_id = c.user_id and d.email_key = c.email_key and d.deleted_at is null and d.platform <> c.platform)
      then 'email:' || c.email_key
    else (
      select 'phone:' || min(n.number) from unnest(array[c.phone_e164, c.mobile_phone_e164]) n(number)
      where n.number is not null and (
        exists (select 1 from public.crm_contacts d
                where d.user_id = c.user_id and d.phone_e164 = n.number and d.deleted_at is null and d.platform <> c.platform)
        or exists (select 1 from public.crm_contacts d
                   where d.user_id = c.user_id and d.mobile_phone_e164 = n.number and d.deleted_at is null and d.platform <> c.platform)))
  end`;

/**
 * Why a campaign would not call the row, in the contract's order. Suppression is checked on the
 * number a campaign dials (phone, else mobile: campaigns-repository), as the call queue does, and
 * only for rows that pass the column checks: one seek in suppressions' key per row, through 0220's
 * helper (under RLS the planner would read the user's whole list for each page instead).
 */
const NOT_CALLABLE_REASON = `case
    when c.phone_e164 is null and c.mobile_phone_e164 is null then 'invalid_number'
    when c.do_not_call is true then 'do_not_call'
    when c.call_consent is false then 'no_consent'
    when private.is_number_suppressed(c.user_id, coalesce(c.phone_e164, c.mobile_phone_e164)) then 'suppressed'
  end`;

/**
 * Runs a statement as a named prepared statement. The statements here are assembled from a
 * few dozen filter combinations; each is planned once per connection (planning costs more
 * than executing a keyset page), and Postgres keeps a generic plan when it is as good.
 */
async function runPrepared<R extends object>(db: PoolClient, text: string, values: unknown[]): Promise<R[]> {
  const name = `contacts_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  const { rows } = await db.query<R>({ name, text, values });
  return rows;
}

/** The filter, search included, and the rule on deleted contacts as conditions on `c` (the owner aside). */
function buildListConditions(filters: ContactFilters, params: SqlParams): string[] {
  return [...compileContactFilter(filters, params), ...buildDeletedClause(filters)];
}

/**
 * The same less the search, on columns that crm_contacts and private.search_crm_contacts share:
 * for a trigram search's matches, which the search has already found.
 */
function buildFilterClauses(filters: ContactFilters, params: SqlParams): string[] {
  return [...buildFieldConditions(filters, params), ...buildDeletedClause(filters)];
}

function buildDeletedClause(filters: ContactFilters): string[] {
  return filters.includeDeleted ? [] : ['c.deleted_at is null'];
}

function buildKeysetClause(sort: 'name' | 'updated', after: ContactCursor | null, params: SqlParams): string[] {
  if (!after) return [];
  if (after.sort === 'name' && sort === 'name') {
    return [`(c.sort_last_name, c.sort_first_name, c.id) > (${params.add(after.lastName)}, ${params.add(after.firstName)}, ${params.add(after.id)}::uuid)`];
  }
  if (after.sort === 'updated' && sort === 'updated') {
    const updated = `coalesce(${params.add(after.updatedAt)}::timestamptz, '-infinity'::timestamptz)`;
    return [`(c.sort_updated_at, c.id) < (${updated}, ${params.add(after.id)}::uuid)`];
  }
  throw new Error('keyset: the cursor was made for another sort');
}

/** The full rows of a page of ids (joined back under RLS), with duplicate keys if asked. */
function buildPageRowsSql(page: ContactPage): string {
  return `select ${COLUMNS}, ${page.withDuplicates ? DUPLICATE_KEY : 'null'} as duplicate_key, ${NOT_CALLABLE_REASON} as not_callable_reason
    from page p join public.crm_contacts c on c.id = p.id
    order by ${buildOrderBy(page.sort)}`;
}

/**
 * One page in keyset order straight from crm_contacts, plus one row more when there is a
 * next page. With a search the condition is a row filter (RLS forbids the trigram index):
 * right for broad terms, whose matches are dense along the sort index.
 */
export async function listContactRows(db: PoolClient, page: ContactPage): Promise<ContactRow[]> {
  const params = createSqlParams();
  const sql = `${buildPageIdsCte(page, params)}
    ${buildPageRowsSql(page)}`;
  return runPrepared<ContactRow>(db, sql, params.values);
}

/** `with page as (…)`: the ids of a page in keyset order, plus one more when there is a next page. */
function buildPageIdsCte(page: ContactPage, params: SqlParams): string {
  const where = [
    `c.user_id = ${params.add(page.filters.userId)}`,
    ...buildListConditions(page.filters, params),
    ...buildKeysetClause(page.sort, page.after, params),
  ];
  return `with page as (
      select c.id from public.crm_contacts c
      where ${where.join('\n        and ')}
      order by ${buildOrderBy(page.sort)}
      limit ${params.add(page.limit + 1)}
    )`;
}

/**
 * listContactRows and the kept counts of its filters (countFromKeptCounts) in one statement: a
 * plain list is then one round trip, not two. For filters the kept counts break down by (no
 * search, tree, object type or list membership).
 */
export async function listContactRowsCounted(db: PoolClient, page: ContactPage): Promise<{ rows: ContactRow[]; counts: PlatformCounts }> {
  const params = createSqlParams();
  const sql = `${buildPageIdsCte(page, params)},
    page_rows as (${buildPageRowsSql(page)}),
    kept as (select json_object_agg(platform, n) as counts from (${buildKeptCountsSql(page.filters, params)}) x)
    select k.counts as kept_counts, r.*
    from kept k left join page_rows r on true
    order by ${buildOrderBy(page.sort, 'r')}`;
  const rows = await runPrepared<ContactRow & { kept_counts: PlatformCounts | null }>(db, sql, params.values);
  // The left join yields one row of nulls when the page is empty.
  const pageRows = rows.filter((row) => row.id !== null).map(({ kept_counts: _counts, ...row }) => row);
  return { rows: pageRows, counts: rows[0]?.kept_counts ?? {} };
}

export type SearchResult =
  | { isBroad: false; rows: ContactRow[]; counts: PlatformCounts }
  | { isBroad: true };

/**
 * A search through the trigram indexes (private.search_crm_contacts): its matches, at most
 * `maxMatches`, are filtered, counted and sorted in one statement, and only the page's rows
 * are read from crm_contacts. More matches than that → isBroad, and nothing else is done.
 */
export async function searchContactRows(db: PoolClient, page: ContactPage, maxMatches: number): Promise<SearchResult> {
  const search = page.filters.search;
  if (!search) throw new Error('searchContactRows needs a search term');
  const params = createSqlParams();
  const match = `private.search_crm_contacts(${params.add(search.text)}, ${params.add(search.digits)}, ${params.add(maxMatches + 1)})`;
  const keyset = buildKeysetClause(page.sort, page.after, params);
  const whereOf = (clauses: string[]) => (clauses.length > 0 ? `where ${clauses.join(' and ')}` : '');
  // A tree may name any column: its matches are joined back to their rows (one seek each).
  const filtered = page.filters.tree
    ? `select m.* from matches m join public.crm_contacts c on c.id = m.id ${whereOf(buildListConditions({ ...page.filters, search: null }, params))}`
    : `select * from matches c ${whereOf(buildFilterClauses(page.filters, params))}`;
  const sql = `with matches as materialized (select * from ${match} c),
    filtered as (${filtered}),
    page as (
      select c.id from filtered c ${whereOf(keyset)}
      order by ${buildOrderBy(page.sort)}
      limit ${params.add(page.limit + 1)}
    ),
    page_rows as (${buildPageRowsSql(page)})
    select (select count(*) from matches)::int as matched,
           (select json_object_agg(platform, n) from (select platform, count(*)::int as n from filtered group by platform) x) as counts,
           r.*
    from (select 1) one left join page_rows r on true
    order by ${buildOrderBy(page.sort, 'r')}`;
  const rows = await runPrepared<ContactRow & { matched: number; counts: PlatformCounts | null }>(db, sql, params.values);
  const first = rows[0];
  if (!first || first.matched > maxMatches) return { isBroad: true };
  // The left join yields one row of nulls when the page is empty.
  const pageRows = rows.filter((row) => row.id !== null).map(({ matched: _matched, counts: _counts, ...row }) => row);
  return { isBroad: false, rows: pageRows, counts: first.counts ?? {} };
}

export async function findContactRow(db: PoolClient, userId: string, id: string): Promise<ContactRow | undefined> {
  const rows = await runPrepared<ContactRow>(
    db,
    `select ${COLUMNS}, ${DUPLICATE_KEY} as duplicate_key, ${NOT_CALLABLE_REASON} as not_callable_reason
     from public.crm_contacts c
     where c.user_id = $1 and c.id = $2`,
    [userId, id],
  );
  return rows[0];
}

/** Exact counts from the kept counts table (0012): a handful of rows whatever the user holds. */
export async function countFromKeptCounts(db: PoolClient, filters: KeptCountFilters): Promise<PlatformCounts> {
  const params = createSqlParams();
  const rows = await runPrepared<{ platform: TPlatform; n: string }>(db, buildKeptCountsSql(filters, params), params.values);
  return Object.fromEntries(rows.map((row) => [row.platform, Number(row.n)]));
}

type KeptCountFilters = Pick<ContactFilters, 'userId' | 'platforms' | 'isCallable' | 'includeDeleted'>;

/** The kept counts of the filters, one row (platform, n) per platform. */
function buildKeptCountsSql(filters: KeptCountFilters, params: SqlParams): string {
  const clauses = [`user_id = ${params.add(filters.userId)}`];
  if (filters.platforms) clauses.push(`platform = any(${params.add(filters.platforms)}::text[])`);
  if (!filters.includeDeleted) clauses.push('not is_deleted');
  if (filters.isCallable !== undefined) clauses.push(`is_callable = ${params.add(filters.isCallable)}`);
  return `select platform, sum(contact_count) as n from public.crm_contact_counts
     where ${clauses.join(' and ')} group by platform`;
}

/**
 * Counts the filters' matches row by row (under RLS): a search among few contacts, or a filter
 * the kept counts do not break down by (the object type).
 */
export async function countMatchingRows(db: PoolClient, filters: ContactFilters): Promise<PlatformCounts> {
  const params = createSqlParams();
  const where = [`c.user_id = ${params.add(filters.userId)}`, ...buildListConditions(filters, params)];
  const rows = await runPrepared<{ platform: TPlatform; count: number }>(
    db,
    `select c.platform, count(*)::int as count from public.crm_contacts c where ${where.join(' and ')} group by c.platform`,
    params.values,
  );
  return Object.fromEntries(rows.map((row) => [row.platform, row.count]));
}

/**
 * Runs `count` (statements on `db`) within a time budget: under a savepoint with a statement
 * timeout, and null when it was cancelled at the budget (the transaction carries on, its timeout
 * as before). A tree on unindexed fields counts every row of the user; among 200,000 that costs
 * more than the page itself, so callers estimate instead.
 */
export async function countWithin<T>(db: PoolClient, budgetMs: number, count: () => Promise<T>): Promise<T | null> {
  await db.query('savepoint bounded_count');
  const { rows } = await db.query<{ previous: string }>(
    `select current_setting('statement_timeout') as previous, set_config('statement_timeout', $1, true)`,
    [`${Math.max(1, Math.round(budgetMs))}ms`],
  );
  try {
    const result = await count();
    await db.query(`select set_config('statement_timeout', $1, true)`, [rows[0]!.previous]);
    await db.query('release savepoint bounded_count');
    return result;
  } catch (error) {
    if ((error as { code?: string }).code !== QUERY_CANCELED) throw error;
    // Rolling back to the savepoint also restores the timeout.
    await db.query('rollback to savepoint bounded_count');
    await db.query('release savepoint bounded_count');
    return null;
  }
}

const QUERY_CANCELED = '57014';

/** The planner's estimate of how many of the user's contacts the filters match (search aside). */
export async function estimateMatchingRows(db: PoolClient, filters: ContactFilters): Promise<number> {
  const params = createSqlParams();
  const where = [`c.user_id = ${params.add(filters.userId)}`, ...buildListConditions({ ...filters, search: null }, params)];
  const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    `explain (format json) select 1 from public.crm_contacts c where ${where.join(' and ')}`,
    params.values,
  );
  return Math.round(rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/**
 * countMatchingRows for several filters of one user in a single pass over their rows: each
 * filter's conditions become one `count(*) filter (where …)`, so N saved filters cost one scan
 * rather than N (the Segments list counts a page of them).
 */
export async function countMatchingRowsEach(db: PoolClient, userId: string, filtersList: readonly ContactListFilter[]): Promise<PlatformCounts[]> {
  if (filtersList.length === 0) return [];
  const params = createSqlParams();
  const columns = filtersList.map((filters, i) => {
    const conditions = buildListConditions({ ...filters, userId, includeDeleted: false }, params);
    return `count(*) filter (where ${conditions.length > 0 ? conditions.join(' and ') : 'true'})::int as n${i}`;
  });
  const { rows } = await db.query<Record<string, number> & { platform: TPlatform }>(
    `select c.platform, ${columns.join(', ')} from public.crm_contacts c where c.user_id = ${params.add(userId)} group by c.platform`,
    params.values,
  );
  return filtersList.map((_, i) => Object.fromEntries(rows.map((row) => [row.platform, row[`n${i}`]!])));
}

/** The planner's estimate of a search's matches over all of the user's contacts. */
export async function estimateSearchMatches(db: PoolClient, search: ContactSearch): Promise<number> {
  const { rows } = await db.query<{ estimate: string | null }>(
    'select private.estimate_crm_contact_matches($1, $2)::text as estimate',
    [search.text, search.digits],
  );
  return Number(rows[0]?.estimate ?? 0);
}
