import type { PoolClient } from 'pg';
import type { TSegmentKind } from '@voiceagent/shared';
import type { SegmentCursor } from './segment-cursor';

export type SegmentRow = {
  id: string;
  kind: TSegmentKind;
  name: string;
  description: string;
  /** As stored: the parsed ZContactListFilter of the last save; read back through the schema. */
  filter: unknown;
  created_at: Date;
  updated_at: Date;
  /** created_at exactly as Postgres orders it (UTC, microseconds): the keyset key. */
  created_key: string;
};

export type SegmentChanges = { name?: string; description?: string; filter?: unknown };

/** The unique index of 0180 behind "one name per user, whatever its case". */
export const SEGMENT_NAME_CONSTRAINT = 'segments_user_name_key';

const SEGMENT_COLUMNS = `s.id, s.kind, s.name, s.description, s.filter, s.created_at, s.updated_at,
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
