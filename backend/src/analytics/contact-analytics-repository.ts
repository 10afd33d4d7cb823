import type { PoolClient } from 'pg';
import { createSqlParams } from '../db/sql-params';
import type { BucketRow } from './analytics-charts';
import { bucketSql, contactFilterSql, rangeSql, type AnalyticsWindow } from './analytics-window';

// A contact's number to call: its phone, else its mobile (as the call queue dials).
const NUMBER = 'coalesce(c.phone_e164, c.mobile_phone_e164)';
const HAS_TEXT_NUMBER = `(nullif(btrim(coalesce(c.phone, '')), '') is not null or nullif(btrim(coalesce(c.mobile_phone, '')), '') is not null)`;

/** Live contacts counted per bucket of `column` and platform. */
export async function countContactsOverTime(db: PoolClient, window: AnalyticsWindow, column: 'crm_created_at' | 'created_at'): Promise<BucketRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<BucketRow>(
    `select ${bucketSql(window, `c.${column}`, params)} as bucket, c.platform as key, count(*)::int as value
     from public.crm_contacts c
     where c.user_id = ${params.add(window.userId)} and c.deleted_at is null
       and ${rangeSql(window, `c.${column}`, params)} and ${contactFilterSql(window, params)}
     group by 1, 2`,
    params.values,
  );
  return rows;
}

export type NumberPrefixRow = { prefix: string | null; contacts: number; callable: number };
export type NotCallableRow = { no_number: number; invalid_number: number; do_not_call: number; suppressed: number; no_consent: number };
export type CoverageRows = { prefixes: NumberPrefixRow[]; reasons: NotCallableRow };

/**
 * Live contacts (now, whatever the range: coverage is a state, not an event) by the first four
 * characters of their number ("+141": enough to tell the calling code), how many of them can be
 * called (a valid number, not do-not-call, not suppressed, consent not refused), and each reason a
 * contact cannot be called, counted apart (a contact with two reasons counts under both), summed
 * from the prefix groups. One pass over the contacts where there were two, and suppressions
 * joined once (a hash join on the user's list; the unique (user_id, phone_e164) key keeps one row
 * per contact) where an `exists` inside count(*) filter probed them once per contact.
 */
export async function countCoverage(db: PoolClient, window: AnalyticsWindow): Promise<CoverageRows> {
  const params = createSqlParams();
  const { rows } = await db.query<NumberPrefixRow & NotCallableRow>(
    `select left(${NUMBER}, 4) as prefix, count(*)::int as contacts,
            (count(*) filter (where ${NUMBER} is not null and c.do_not_call is not true
                                and c.call_consent is not false and s.phone_e164 is null))::int as callable,
            (count(*) filter (where ${NUMBER} is null and not ${HAS_TEXT_NUMBER}))::int as no_number,
            (count(*) filter (where ${NUMBER} is null and ${HAS_TEXT_NUMBER}))::int as invalid_number,
            (count(*) filter (where c.do_not_call is true))::int as do_not_call,
            (count(*) filter (where s.phone_e164 is not null))::int as suppressed,
            (count(*) filter (where c.call_consent is false))::int as no_consent
     from public.crm_contacts c
     left join public.suppressions s on s.user_id = c.user_id and s.phone_e164 = ${NUMBER}
     where c.user_id = ${params.add(window.userId)} and c.deleted_at is null and ${contactFilterSql(window, params)}
     group by 1`,
    params.values,
  );
  const reasons: NotCallableRow = { no_number: 0, invalid_number: 0, do_not_call: 0, suppressed: 0, no_consent: 0 };
  for (const row of rows) for (const key of Object.keys(reasons) as (keyof NotCallableRow)[]) reasons[key] += row[key];
  return { prefixes: rows.map((row) => ({ prefix: row.prefix, contacts: row.contacts, callable: row.callable })), reasons };
}

export type DuplicateRow = { platforms: string; people: number; contacts: number };

/**
 * People held in more than one CRM, for a segment (without one, the rollup of migration 0242
 * answers; the service asks neither within one CRM): the selection's live contacts grouped by e-mail (lower-cased), else by the number
 * dialled; a group spanning several platforms is one person, counted by the set of CRMs holding them.
 */
export async function countCrossCrmDuplicates(db: PoolClient, window: AnalyticsWindow): Promise<DuplicateRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<DuplicateRow>(
    `with people as (
       select coalesce(c.email_key, ${NUMBER}) as person, array_agg(distinct c.platform order by c.platform) as platforms, count(*) as contacts
       from public.crm_contacts c
       where c.user_id = ${params.add(window.userId)} and c.deleted_at is null and coalesce(c.email_key, ${NUMBER}) is not null
         and ${contactFilterSql(window, params)}
       group by 1
       having count(distinct c.platform) > 1
     )
     select array_to_string(platforms, '+') as platforms, count(*)::int as people, sum(contacts)::int as contacts
     from people group by 1 order by 2 desc, 1`,
    params.values,
  );
  return rows;
}

export type StageRow = { platform: string; value: string | null; contacts: number };

/** Live contacts by the value of `column` (lifecycle stage or lead status), per platform. */
export async function countContactsByStage(db: PoolClient, window: AnalyticsWindow, column: 'lifecycle_stage' | 'lead_status'): Promise<StageRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<StageRow>(
    `select c.platform, c.${column} as value, count(*)::int as contacts
     from public.crm_contacts c
     where c.user_id = ${params.add(window.userId)} and c.deleted_at is null and ${contactFilterSql(window, params)}
     group by 1, 2 order by 1, 3 desc, 2 nulls last`,
    params.values,
  );
  return rows;
}
