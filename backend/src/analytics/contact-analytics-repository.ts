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
export type StageRow = { platform: string; value: string | null; contacts: number };
export type ContactStates = { prefixes: NumberPrefixRow[]; reasons: NotCallableRow; stages: StageRow[]; statuses: StageRow[] };

type StateRow = NumberPrefixRow & NotCallableRow & { grouping_set: 'prefix' | 'lifecycle_stage' | 'lead_status'; platform: string | null; value: string | null };

/**
 * The state of the live contacts now (whatever the range: coverage is a state, not an event), in
 * ONE pass over the user's contacts (four passes before, each reading every row):
 * - by the first four characters of their number ("+141": enough to tell the calling code), and
 *   how many can be called: a valid number, not do-not-call, not suppressed, consent not refused;
 * - each reason a contact cannot be called, counted apart (a contact with two reasons counts under
 *   both), summed from the prefix groups;
 * - by lifecycle stage and by lead status, per platform.
 * Suppressions are joined once (a hash join on the user's list) rather than probed per contact.
 */
export async function countContactStates(db: PoolClient, window: AnalyticsWindow): Promise<ContactStates> {
  const params = createSqlParams();
  const { rows } = await db.query<StateRow>(
    `with live as (
       select c.platform, c.lifecycle_stage, c.lead_status, ${NUMBER} as number, ${HAS_TEXT_NUMBER} as has_text_number,
              c.do_not_call, c.call_consent, s.phone_e164 is not null as suppressed
       from public.crm_contacts c
       left join public.suppressions s on s.user_id = c.user_id and s.phone_e164 = ${NUMBER}
       where c.user_id = ${params.add(window.userId)} and c.deleted_at is null and ${contactFilterSql(window, params)}
     )
     select case when grouping(left(number, 4)) = 0 then 'prefix' when grouping(lifecycle_stage) = 0 then 'lifecycle_stage' else 'lead_status' end as grouping_set,
            left(number, 4) as prefix, platform,
            case when grouping(lifecycle_stage) = 0 then lifecycle_stage else lead_status end as value,
            count(*)::int as contacts,
            (count(*) filter (where number is not null and do_not_call is not true and call_consent is not false and not suppressed))::int as callable,
            (count(*) filter (where number is null and not has_text_number))::int as no_number,
            (count(*) filter (where number is null and has_text_number))::int as invalid_number,
            (count(*) filter (where do_not_call is true))::int as do_not_call,
            (count(*) filter (where suppressed))::int as suppressed,
            (count(*) filter (where call_consent is false))::int as no_consent
     from live
     group by grouping sets ((left(number, 4)), (platform, lifecycle_stage), (platform, lead_status))
     -- stages and statuses: by platform, the most held value first, then by value (none last)
     order by 1, 3, 5 desc, 4 nulls last`,
    params.values,
  );
  const reasons: NotCallableRow = { no_number: 0, invalid_number: 0, do_not_call: 0, suppressed: 0, no_consent: 0 };
  const prefixes: NumberPrefixRow[] = [];
  const stages: StageRow[] = [];
  const statuses: StageRow[] = [];
  for (const row of rows) {
    if (row.grouping_set === 'prefix') {
      prefixes.push({ prefix: row.prefix, contacts: row.contacts, callable: row.callable });
      for (const key of Object.keys(reasons) as (keyof NotCallableRow)[]) reasons[key] += row[key];
    } else {
      (row.grouping_set === 'lifecycle_stage' ? stages : statuses).push({ platform: row.platform!, value: row.value, contacts: row.contacts });
    }
  }
  return { prefixes, reasons, stages, statuses };
}

export type DuplicateRow = { platforms: string; people: number; contacts: number };

/**
 * People held in more than one CRM: live contacts grouped by e-mail (lower-cased), else by number;
 * a group spanning several platforms is one person, counted by the set of CRMs holding them.
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

