import type { PoolClient } from 'pg';
import { PLATFORMS, type TPlatform } from '@voiceagent/shared';
import type { ContactCursor } from './contact-cursor';

/** A contact row as the list and get queries return it. */
export type ContactRow = {
  id: string;
  platform: TPlatform;
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
  /** The shared email or number that makes this row a cross-platform duplicate, if asked for. */
  duplicate_key: string | null;
  // The row's keyset position, exactly as Postgres orders it.
  sort_last: string;
  sort_first: string;
  sort_updated: string | null;
};

export type ContactSearch = {
  /** The term as typed; normalised (case, accents) in SQL with the column's own function. */
  text: string;
  /** Its digits when the term is phone-like, else null. */
  digits: string | null;
};

export type ContactFilters = {
  userId: string;
  /** null: every platform. */
  platforms: TPlatform[] | null;
  search: ContactSearch | null;
  isCallable?: boolean;
  includeDeleted: boolean;
};

export type ContactPage = {
  filters: ContactFilters;
  sort: 'name' | 'updated';
  after: ContactCursor | null;
  limit: number;
  withDuplicates: boolean;
};

// Must stay the expressions of the keyset indexes (0005, 0012), or the indexes go unused.
const NAME_KEY = `lower(coalesce(c.last_name, '')), lower(coalesce(c.first_name, '')), c.id`;
const UPDATED_KEY = `coalesce(c.crm_updated_at, '-infinity'::timestamptz), c.id`;

const COLUMNS = `c.id, c.platform, c.external_id, c.first_name, c.last_name, c.email, c.phone, c.phone_e164,
  c.mobile_phone, c.mobile_phone_e164, c.company, c.job_title, c.lifecycle_stage, c.lead_status, c.crm_updated_at,
  c.deleted_at, lower(coalesce(c.last_name, '')) as sort_last, lower(coalesce(c.first_name, '')) as sort_first,
  to_char(c.crm_updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_updated`;

/**
 * The email, else the smallest E.164 number, that another platform's live contact shares with
 * this row. Each probe is one lookup in a partial index (0012) and stops at the first hit, so
 * a page pays at most three probes per row, however many contacts share a key.
 */
function buildDuplicateKeySql(c: string): string {
  return `case
    when ${c}.email is not null and exists (
      select 1 from public.crm_contacts d
      where d.user_id = ${c}.user_id and lower(d.email) = lower(${c}.email) and d.email is not null
        and d.deleted_at is null and d.platform <> ${c}.platform)
      then 'email:' || lower(${c}.email)
    else (
      select 'phone:' || min(n.number) from unnest(array[${c}.phone_e164, ${c}.mobile_phone_e164]) n(number)
      where n.number is not null and (
        exists (select 1 from public.crm_contacts d
                where d.user_id = ${c}.user_id and d.phone_e164 = n.number and d.deleted_at is null and d.platform <> ${c}.platform)
        or exists (select 1 from public.crm_contacts d
                   where d.user_id = ${c}.user_id and d.mobile_phone_e164 = n.number and d.deleted_at is null and d.platform <> ${c}.platform)))
  end`;
}

/** Collects positional parameters while a statement is assembled. */
function createParams() {
  const values: unknown[] = [];
  return {
    values,
    add(value: unknown): string {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
type Params = ReturnType<typeof createParams>;

/** LIKE treats %, _ and \ as pattern characters; a search term means them literally. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function buildFilterSql(filters: ContactFilters, params: Params): string {
  const clauses = [`c.user_id = ${params.add(filters.userId)}`];
  const platforms = filters.platforms;
  // One platform as `=`, so the (user_id, platform, sort key) indexes give rows in order.
  if (platforms?.length === 1) clauses.push(`c.platform = ${params.add(platforms[0])}`);
  else if (platforms && platforms.length < PLATFORMS.length) clauses.push(`c.platform = any(${params.add(platforms)}::text[])`);
  if (!filters.includeDeleted) clauses.push('c.deleted_at is null');
  if (filters.isCallable === true) clauses.push('(c.phone_e164 is not null or c.mobile_phone_e164 is not null)');
  if (filters.isCallable === false) clauses.push('c.phone_e164 is null and c.mobile_phone_e164 is null');
  if (filters.search) {
    const text = `c.search_text like '%' || private.normalize_search_text(${params.add(escapeLike(filters.search.text))}) || '%'`;
    const digits = filters.search.digits ? `c.phone_digits like ${params.add(`%${filters.search.digits}%`)}` : null;
    clauses.push(digits ? `(${text} or ${digits})` : text);
  }
  return clauses.join('\n  and ');
}

function buildKeysetSql(sort: 'name' | 'updated', after: ContactCursor | null, params: Params): string | null {
  if (!after) return null;
  if (after.sort === 'name' && sort === 'name') {
    return `(${NAME_KEY}) > (${params.add(after.lastName)}, ${params.add(after.firstName)}, ${params.add(after.id)}::uuid)`;
  }
  if (after.sort === 'updated' && sort === 'updated') {
    const updated = `coalesce(${params.add(after.updatedAt)}::timestamptz, '-infinity'::timestamptz)`;
    return `(${UPDATED_KEY}) < (${updated}, ${params.add(after.id)}::uuid)`;
  }
  throw new Error('keyset: the cursor was made for another sort');
}

/** One page in keyset order, plus one row more when there is a next page. */
export async function listContactRows(db: PoolClient, page: ContactPage): Promise<ContactRow[]> {
  const params = createParams();
  const where = [buildFilterSql(page.filters, params), buildKeysetSql(page.sort, page.after, params)].filter(Boolean).join('\n  and ');
  const orderBy = page.sort === 'name' ? NAME_KEY : `coalesce(c.crm_updated_at, '-infinity'::timestamptz) desc, c.id desc`;
  const duplicateKey = page.withDuplicates ? buildDuplicateKeySql('p') : 'null';
  // The duplicate probes run on the page's rows only: the limit applies before them.
  const sql = `select p.*, ${duplicateKey} as duplicate_key
    from (
      select ${COLUMNS}, c.user_id
      from public.crm_contacts c
      where ${where}
      order by ${orderBy}
      limit ${params.add(page.limit + 1)}
    ) p
    order by ${page.sort === 'name' ? 'p.sort_last, p.sort_first, p.id' : `coalesce(p.crm_updated_at, '-infinity'::timestamptz) desc, p.id desc`}`;
  const { rows } = await db.query<ContactRow>(sql, params.values);
  return rows;
}

export async function findContactRow(db: PoolClient, userId: string, id: string): Promise<ContactRow | undefined> {
  const { rows } = await db.query<ContactRow>(
    `select ${COLUMNS}, ${buildDuplicateKeySql('c')} as duplicate_key
     from public.crm_contacts c
     where c.user_id = $1 and c.id = $2`,
    [userId, id],
  );
  return rows[0];
}

export type PlatformCounts = Partial<Record<TPlatform, number>>;

/** Exact counts from the kept counts table (0012): a handful of rows whatever the user holds. */
export async function countFromKeptCounts(db: PoolClient, filters: ContactFilters): Promise<PlatformCounts> {
  const params = createParams();
  const clauses = [`user_id = ${params.add(filters.userId)}`];
  if (filters.platforms) clauses.push(`platform = any(${params.add(filters.platforms)}::text[])`);
  if (!filters.includeDeleted) clauses.push('not is_deleted');
  if (filters.isCallable !== undefined) clauses.push(`is_callable = ${params.add(filters.isCallable)}`);
  const { rows } = await db.query<{ platform: TPlatform; count: string }>(
    `select platform, sum(contact_count)::text as count from public.crm_contact_counts
     where ${clauses.join(' and ')} group by platform`,
    params.values,
  );
  return Object.fromEntries(rows.map((row) => [row.platform, Number(row.count)]));
}

/** Counts matches, reading at most `cap + 1` of them; `isCapped` when there are more. */
export async function countMatchesCapped(
  db: PoolClient,
  filters: ContactFilters,
  cap: number,
): Promise<{ counts: PlatformCounts; isCapped: boolean }> {
  const params = createParams();
  const where = buildFilterSql(filters, params);
  const { rows } = await db.query<{ platform: TPlatform; count: number }>(
    `select platform, count(*)::int as count
     from (select c.platform from public.crm_contacts c where ${where} limit ${params.add(cap + 1)}) m
     group by platform`,
    params.values,
  );
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  return { counts: Object.fromEntries(rows.map((row) => [row.platform, row.count])), isCapped: total > cap };
}

/** The planner's estimate of how many rows match: what a capped count falls back on. */
export async function estimateMatches(db: PoolClient, filters: ContactFilters): Promise<number> {
  const params = createParams();
  const where = buildFilterSql(filters, params);
  const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    `explain (format json) select 1 from public.crm_contacts c where ${where}`,
    params.values,
  );
  return Math.round(rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}
