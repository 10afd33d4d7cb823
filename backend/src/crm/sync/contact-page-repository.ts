import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';
import type { DeletedContact } from '../crm-records';
import { toJsonParameter } from '../../db/json-parameter';
import type { ContactRow } from './map-contact';
import { withNumberTimeZones } from './number-time-zone';

export type UpsertCounts = { created: number; updated: number; unchanged: number };

// Every mapped column, in one order for the record type, the insert and the change test.
const DATA_COLUMNS = [
  ['object_type', 'text'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['phone_e164', 'text'],
  ['mobile_phone', 'text'],
  ['mobile_phone_e164', 'text'],
  ['company', 'text'],
  ['job_title', 'text'],
  ['lifecycle_stage', 'text'],
  ['lead_status', 'text'],
  ['owner_id', 'text'],
  ['raw_properties', 'jsonb'],
  ['crm_created_at', 'timestamptz'],
  ['crm_updated_at', 'timestamptz'],
  ['custom_fields', 'jsonb'],
  ['field_issues', 'jsonb'],
  ['time_zone', 'text'],
  ['preferred_language', 'text'],
  ['do_not_call', 'boolean'],
  ['call_consent', 'boolean'],
  ['preferred_call_time', 'text'],
  ['account_owner', 'text'],
  // Derived here from the dialled number, so sync, webhooks and created contacts all carry it (0210).
  ['number_time_zone', 'text'],
  ['number_time_zone_state', 'text'],
] as const;

const NAMES = DATA_COLUMNS.map(([name]) => name);
const RECORD_TYPE = ['external_id text', ...DATA_COLUMNS.map(([name, type]) => `${name} ${type}`)].join(', ');

/**
 * One statement per page: rows that differ from what we hold are written, identical ones are
 * left alone (no new row version, no trigger work), and a contact that comes back after a
 * deletion is live again. `xmax = 0` marks the rows this statement inserted; the rest of the
 * returned rows were updated, and what the page held beyond them was unchanged.
 */
const upsertSql = (extraCondition: string) => `
  with written as (
    insert into public.crm_contacts as c (user_id, platform, external_id, ${NAMES.join(', ')}, synced_at, deleted_at)
    select $1::uuid, $2::text, r.external_id, ${NAMES.map((n) => `r.${n}`).join(', ')}, now(), null
    from jsonb_to_recordset($3::jsonb) as r(${RECORD_TYPE})
    on conflict (user_id, platform, external_id) do update set
      ${NAMES.map((n) => `${n} = excluded.${n}`).join(',\n      ')},
      synced_at = excluded.synced_at,
      deleted_at = null
    where (${NAMES.map((n) => `c.${n}`).join(', ')}, c.deleted_at)
      is distinct from (${NAMES.map((n) => `excluded.${n}`).join(', ')}, null::timestamptz)${extraCondition}
    returning (xmax = 0) as inserted
  )
  select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated
  from written`;

const UPSERT_SQL = upsertSql('');
// Real-time sync fetches records as events come, in any order: a slow read of an older version
// must not overwrite a newer one another read already wrote. A sync page is read in one pass, so it needs no guard.
const UPSERT_KEEPING_NEWER_SQL = upsertSql(`
      and (c.crm_updated_at is null or excluded.crm_updated_at is null or excluded.crm_updated_at >= c.crm_updated_at)`);

export type UpsertOptions = {
  /** Leave a row alone whose CRM modified time is newer than the record's. */
  isKeepingNewer?: boolean;
};

export async function upsertContactPage(db: PoolClient, userId: string, platform: TPlatform, rows: ContactRow[], options: UpsertOptions = {}): Promise<UpsertCounts> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const zoned = withNumberTimeZones(rows);
  const sql = options.isKeepingNewer ? UPSERT_KEEPING_NEWER_SQL : UPSERT_SQL;
  const { rows: result } = await db.query<{ created: number; updated: number }>(sql, [userId, platform, toJsonParameter(zoned)]);
  const { created, updated } = result[0] ?? { created: 0, updated: 0 };
  return { created, updated, unchanged: rows.length - created - updated };
}

/** Marks contacts the CRM deleted; returns how many live ones it marked. Unknown ids are ignored. */
export async function markContactsDeleted(db: PoolClient, userId: string, platform: TPlatform, deleted: readonly DeletedContact[]): Promise<number> {
  if (deleted.length === 0) return 0;
  const input = deleted.map((d) => ({ external_id: d.externalId, deleted_at: d.deletedAt?.toISOString() ?? null }));
  const result = await db.query(
    `update public.crm_contacts c
     set deleted_at = coalesce(d.deleted_at, now()), synced_at = now()
     from jsonb_to_recordset($3::jsonb) as d(external_id text, deleted_at timestamptz)
     where c.user_id = $1 and c.platform = $2 and c.external_id = d.external_id and c.deleted_at is null`,
    [userId, platform, toJsonParameter(input)],
  );
  return result.rowCount ?? 0;
}

/** Full runs: remembers the ids a page held, for deleteUnseenContacts at the end. */
export async function recordSeen(db: PoolClient, runId: string, externalIds: readonly string[]): Promise<void> {
  if (externalIds.length === 0) return;
  await db.query(
    `insert into public.sync_run_seen (run_id, external_id) select $1, unnest($2::text[]) on conflict do nothing`,
    [runId, externalIds],
  );
}

/**
 * End of a full run: live contacts of the connection that the run never saw are no longer in the
 * CRM. Rows created after the run started (a contact added through our API meanwhile) are spared.
 */
export async function deleteUnseenContacts(
  db: PoolClient,
  input: { runId: string; userId: string; platform: TPlatform; runStartedAt: Date },
): Promise<number> {
  const result = await db.query(
    `update public.crm_contacts c set deleted_at = now(), synced_at = now()
     where c.user_id = $1 and c.platform = $2 and c.deleted_at is null and c.created_at < $3
       and not exists (select 1 from public.sync_run_seen s where s.run_id = $4 and s.external_id = c.external_id)`,
    [input.userId, input.platform, input.runStartedAt, input.runId],
  );
  await db.query('delete from public.sync_run_seen where run_id = $1', [input.runId]);
  return result.rowCount ?? 0;
}

/**
 * Merges the pending lists of crm_contacts' GIN indexes (trigram search, custom fields) into their
 * trees, through 0236's helper; returns the pending pages it removed. Its own transaction, never a
 * user's: it waits for a cleanup another process is running, and holds locks on the indexes' pages.
 */
export async function cleanContactIndexPendingLists(db: PoolClient): Promise<number> {
  const { rows } = await db.query<{ pages: string }>('select private.clean_crm_contacts_pending_lists()::text as pages');
  return Number(rows[0]?.pages ?? 0);
}
