import type { PoolClient } from 'pg';
import type { TPlatform, TSegmentKind } from '@voiceagent/shared';
import type { SegmentCursor } from './segment-cursor';

export type SegmentRow = {
  id: string;
  kind: TSegmentKind;
  name: string;
  description: string;
  /** As stored: the parsed ZContactListFilter of the last save; read back through the schema. */
  filter: unknown;
  /** kind crm_list: the list's CRM and id, its last refresh, and why the last one failed. */
  platform: TPlatform | null;
  external_list_id: string | null;
  list_refreshed_at: Date | null;
  list_problem: string | null;
  created_at: Date;
  updated_at: Date;
  /** created_at exactly as Postgres orders it (UTC, microseconds): the keyset key. */
  created_key: string;
};

export type SegmentChanges = { name?: string; description?: string; filter?: unknown };

/** The unique index of 0180 behind "one name per user, whatever its case". */
export const SEGMENT_NAME_CONSTRAINT = 'segments_user_name_key';
/** The unique index of 0198 behind "one segment per CRM list". */
export const SEGMENT_LIST_CONSTRAINT = 'segments_user_crm_list_key';

const SEGMENT_COLUMNS = `s.id, s.kind, s.name, s.description, s.filter, s.created_at, s.updated_at,
  s.platform, s.external_list_id, s.list_refreshed_at, s.list_problem,
  to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`;

export async function insertSegment(db: PoolClient, userId: string, segment: { name: string; description: string; filter: unknown }): Promise<SegmentRow> {
  const { rows } = await db.query<SegmentRow>(
    `insert into public.segments as s (user_id, kind, name, description, filter)
     values ($1, 'filter', $2, $3, $4::jsonb)
     returning ${SEGMENT_COLUMNS}`,
    [userId, segment.name, segment.description, JSON.stringify(segment.filter)],
  );
  return rows[0]!;
}

/** Changes the fields given (undefined: kept) of the user's segment; undefined when the user has none with that id. */
export async function updateSegment(db: PoolClient, userId: string, id: string, changes: SegmentChanges): Promise<SegmentRow | undefined> {
  const { rows } = await db.query<SegmentRow>(
    `update public.segments as s set
       name = coalesce($3, s.name),
       description = coalesce($4, s.description),
       filter = coalesce($5::jsonb, s.filter)
     where s.user_id = $1 and s.id = $2
     returning ${SEGMENT_COLUMNS}`,
    [userId, id, changes.name ?? null, changes.description ?? null, changes.filter === undefined ? null : JSON.stringify(changes.filter)],
  );
  return rows[0];
}

/** Deletes the user's segment; its agents keep their snapshot (0180 clears their segment_id). Null when there was none. */
export async function deleteSegment(db: PoolClient, userId: string, id: string): Promise<{ agentsKept: number } | null> {
  const { rows } = await db.query<{ agents_kept: number }>(
    `with agents as (select count(*)::int as n from public.agents where user_id = $1 and segment_id = $2),
          deleted as (delete from public.segments where user_id = $1 and id = $2 returning 1)
     select (select n from agents) as agents_kept from deleted`,
    [userId, id],
  );
  return rows[0] ? { agentsKept: rows[0].agents_kept } : null;
}

export async function findSegmentRow(db: PoolClient, userId: string, id: string): Promise<SegmentRow | undefined> {
  const { rows } = await db.query<SegmentRow>(`select ${SEGMENT_COLUMNS} from public.segments s where s.user_id = $1 and s.id = $2`, [userId, id]);
  return rows[0];
}

/** A page of the user's segments, newest first, plus one more row when there is a next page. */
export async function listSegmentRows(db: PoolClient, userId: string, after: SegmentCursor | null, limit: number): Promise<SegmentRow[]> {
  const values: unknown[] = [userId];
  let keyset = '';
  if (after) {
    values.push(after.createdAt, after.id);
    keyset = 'and (s.created_at, s.id) < ($2::timestamptz, $3::uuid)';
  }
  values.push(limit + 1);
  const { rows } = await db.query<SegmentRow>(
    `select ${SEGMENT_COLUMNS} from public.segments s
     where s.user_id = $1 ${keyset}
     order by s.created_at desc, s.id desc
     limit $${values.length}`,
    values,
  );
  return rows;
}

/** A crm_list segment (0198), its members not yet read. */
export async function insertListSegment(db: PoolClient, userId: string, segment: { name: string; description: string; platform: TPlatform; listId: string }): Promise<SegmentRow> {
  const { rows } = await db.query<SegmentRow>(
    `insert into public.segments as s (user_id, kind, name, description, platform, external_list_id)
     values ($1, 'crm_list', $2, $3, $4, $5)
     returning ${SEGMENT_COLUMNS}`,
    [userId, segment.name, segment.description, segment.platform, segment.listId],
  );
  return rows[0]!;
}

/** The user's crm_list segments of one CRM: what a sync of that connection refreshes. */
export async function listListSegmentRows(db: PoolClient, userId: string, platform: TPlatform): Promise<SegmentRow[]> {
  const { rows } = await db.query<SegmentRow>(
    `select ${SEGMENT_COLUMNS} from public.segments s
     where s.user_id = $1 and s.kind = 'crm_list' and s.platform = $2
     order by s.created_at, s.id`,
    [userId, platform],
  );
  return rows;
}

/**
 * Replaces a crm_list segment's members whole with the user's live contacts of that CRM whose
 * external ids are given (ids the local copy does not hold yet join after their sync). Locks the
 * segment first, so that two refreshes of one list never interleave. Null when the segment is gone.
 */
export async function replaceListMembers(db: PoolClient, userId: string, segmentId: string, platform: TPlatform, externalIds: readonly string[]): Promise<{ members: number } | null> {
  const { rowCount } = await db.query('select 1 from public.segments where user_id = $1 and id = $2 and kind = $3 for update', [userId, segmentId, 'crm_list']);
  if (!rowCount) return null;
  await db.query('delete from public.crm_list_members where user_id = $1 and segment_id = $2', [userId, segmentId]);
  const inserted = await db.query(
    `insert into public.crm_list_members (segment_id, contact_id, user_id)
     select $2, c.id, $1 from public.crm_contacts c
     where c.user_id = $1 and c.platform = $3 and c.external_id = any($4::text[]) and c.deleted_at is null
     on conflict do nothing`,
    [userId, segmentId, platform, [...new Set(externalIds)]],
  );
  await db.query(`update public.segments set list_refreshed_at = now(), list_problem = null where user_id = $1 and id = $2`, [userId, segmentId]);
  return { members: inserted.rowCount ?? 0 };
}

/** Notes why a refresh failed; the members of the last good refresh stay. */
export async function markListProblem(db: PoolClient, userId: string, segmentId: string, problem: string): Promise<void> {
  await db.query('update public.segments set list_problem = $3 where user_id = $1 and id = $2', [userId, segmentId, problem.slice(0, 1000)]);
}
