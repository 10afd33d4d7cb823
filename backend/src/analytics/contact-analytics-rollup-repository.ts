import type { PoolClient } from 'pg';
import { createSqlParams } from '../db/sql-params';
import type { BucketRow } from './analytics-charts';
import type { AnalyticsWindow } from './analytics-window';
import type { CoverageRows, DuplicateRow, NotCallableRow, NumberPrefixRow, StageRow } from './contact-analytics-repository';
import { rollupBucketSql, rollupRowsSql } from './rollup-hours';

/**
 * The contacts section from the rollups of migrations 0238 and 0241, with the same figures as the raw
 * queries of contact-analytics-repository from a few rows a user (or an hour) instead of every
 * contact. Rows a removal brought to zero are skipped, as the raw queries have no group for them.
 */

/** Live contacts per bucket of `column` and platform; for a window rollup-eligibility.ts accepts. */
export async function countContactsOverTimeFromRollup(db: PoolClient, window: AnalyticsWindow, column: 'crm_created_at' | 'created_at'): Promise<BucketRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<BucketRow>(
    `select ${rollupBucketSql(window, params)} as bucket, h.platform as key, sum(h.contacts)::int as value
     from ${rollupRowsSql('analytics_contact_hours', window, params)} and h.date_column = ${params.add(column)}
     group by 1, 2
     having sum(h.contacts) > 0`,
    params.values,
  );
  return rows;
}

/** Live contacts by lifecycle stage or lead status, per platform (any window without a segment). */
export async function countContactsByStageFromRollup(db: PoolClient, window: AnalyticsWindow, column: 'lifecycle_stage' | 'lead_status'): Promise<StageRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<StageRow>(
    `select s.platform, s.${column} as value, sum(s.contacts)::int as contacts
     from public.analytics_contact_stages s
     where s.user_id = ${params.add(window.userId)}${window.platform ? ` and s.platform = ${params.add(window.platform)}` : ''}
     group by 1, 2
     having sum(s.contacts) > 0
     order by 1, 3 desc, 2 nulls last`,
    params.values,
  );
  return rows;
}

/**
 * Coverage (any window without a segment): the prefix rollup holds everything but suppression;
 * the suppressed contacts come from the user's suppressions, each joined to its live contacts by
 * number through 0012's partial indexes (a contact's number is its phone, else its mobile: two
 * probes, the second only for contacts without a phone). Suppressions are a short list where
 * contacts are a million, so this is a probe per suppression, never a pass over the contacts.
 */
export async function countCoverageFromRollup(db: PoolClient, window: AnalyticsWindow): Promise<CoverageRows> {
  const params = createSqlParams();
  const user = params.add(window.userId);
  const platform = window.platform ? params.add(window.platform) : null;
  const { rows } = await db.query<NumberPrefixRow & NotCallableRow>(
    `with suppressed as (
       select left(c.number, 4) as prefix, count(*)::int as suppressed,
              (count(*) filter (where c.do_not_call is not true and c.call_consent is not false))::int as reachable
       from public.suppressions s
       cross join lateral (
         select c.phone_e164 as number, c.do_not_call, c.call_consent, c.platform from public.crm_contacts c
         where c.user_id = ${user} and c.phone_e164 = s.phone_e164 and c.deleted_at is null
         union all
         select c.mobile_phone_e164, c.do_not_call, c.call_consent, c.platform from public.crm_contacts c
         where c.user_id = ${user} and c.mobile_phone_e164 = s.phone_e164 and c.deleted_at is null and c.phone_e164 is null
       ) c
       where s.user_id = ${user}${platform ? ` and c.platform = ${platform}` : ''}
       group by 1
     ),
     prefixes as (
       select p.prefix, sum(p.contacts)::int as contacts, sum(p.reachable)::int as reachable, sum(p.no_number)::int as no_number,
              sum(p.invalid_number)::int as invalid_number, sum(p.do_not_call)::int as do_not_call, sum(p.no_consent)::int as no_consent
       from public.analytics_contact_prefixes p
       where p.user_id = ${user}${platform ? ` and p.platform = ${platform}` : ''}
       group by 1
       having sum(p.contacts) > 0
     )
     select p.prefix, p.contacts, p.reachable - coalesce(x.reachable, 0) as callable, p.no_number, p.invalid_number, p.do_not_call,
            coalesce(x.suppressed, 0) as suppressed, p.no_consent
     from prefixes p left join suppressed x on x.prefix is not distinct from p.prefix`,
    params.values,
  );
  const reasons: NotCallableRow = { no_number: 0, invalid_number: 0, do_not_call: 0, suppressed: 0, no_consent: 0 };
  for (const row of rows) for (const key of Object.keys(reasons) as (keyof NotCallableRow)[]) reasons[key] += row[key];
  return { prefixes: rows.map((row) => ({ prefix: row.prefix, contacts: row.contacts, callable: row.callable })), reasons };
}

/**
 * People in more than one CRM (any window without a segment or a CRM): a row per
 * combination of CRMs (0242), a handful whatever the contacts or the duplicates. The CRMs named in
 * alphabetical order, as the raw query does.
 */
export async function countCrossCrmDuplicatesFromRollup(db: PoolClient, window: AnalyticsWindow): Promise<DuplicateRow[]> {
  const { rows } = await db.query<DuplicateRow>(
    `select p.platforms, p.people, p.contacts
     from public.analytics_contact_people_platforms p
     where p.user_id = $1 and p.people > 0
     order by 2 desc, 1`,
    [window.userId],
  );
  return rows;
}
