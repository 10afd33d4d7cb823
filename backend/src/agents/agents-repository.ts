import type { PoolClient } from 'pg';
import type { TAgentVoice, TPlatform } from '@voiceagent/shared';
import { compileContactSelection, type ContactSelection } from '../crm/contacts/selection/contact-selection-sql';
import { createSqlParams } from '../db/sql-params';
import type { AgentContactCursor, AgentCursor } from './agent-cursor';

export type AgentRow = {
  id: string;
  name: string;
  voice: string | null;
  greeting: string | null;
  instructions: string | null;
  contact_source: 'crm' | 'manual' | 'segment';
  contact_count: number;
  /** The segment its campaigns take their contacts from; null when none, or once deleted. */
  segment_id: string | null;
  created_at: Date;
  updated_at: Date;
  /** created_at exactly as Postgres orders it (UTC, microseconds): the keyset key. */
  created_key: string;
};

export type AgentContactRow = {
  id: string;
  crm_contact_id: string | null;
  platform: TPlatform;
  external_id: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  email: string | null;
  phone_e164: string;
  company: string | null;
  created_at: Date;
  sort_last_name: string;
  sort_first_name: string;
};

export type NewAgent = { name: string; voice: TAgentVoice; greeting: string; instructions: string };

export type SnapshotResult = {
  /** Live contacts of the user the selection matched, callable or not. */
  matched: number;
  /** Of those, the ones picked by id. */
  matchedPicked: number;
  /** Of those, the callable ones now in the snapshot (at most `maxRows`). */
  added: number;
};

const AGENT_COLUMNS = `a.id, a.name, a.voice, a.greeting, a.instructions, a.contact_source, a.contact_count, a.segment_id,
  a.created_at, a.updated_at, to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`;

/** A new agent; with `segmentId` (one of the user's segments) its contacts come from that segment. */
export async function insertAgent(db: PoolClient, userId: string, agent: NewAgent, segmentId: string | null = null): Promise<AgentRow> {
  const { rows } = await db.query<AgentRow>(
    `insert into public.agents as a (user_id, name, voice, greeting, instructions, contact_source, segment_id)
     values ($1, $2, $3, nullif($4, ''), nullif($5, ''), case when $6::uuid is null then 'crm' else 'segment' end, $6::uuid)
     returning ${AGENT_COLUMNS}`,
    [userId, agent.name, agent.voice, agent.greeting, agent.instructions, segmentId],
  );
  return rows[0]!;
}

/**
 * Changes the fields given (undefined: kept; an empty greeting or instructions: cleared) of the
 * user's agent; undefined when the user has no agent with that id.
 */
export async function updateAgent(db: PoolClient, userId: string, id: string, changes: Partial<NewAgent>): Promise<AgentRow | undefined> {
  const { rows } = await db.query<AgentRow>(
    `update public.agents as a set
       name = coalesce($3, a.name),
       voice = coalesce($4, a.voice),
       greeting = case when $5::text is null then a.greeting else nullif($5, '') end,
       instructions = case when $6::text is null then a.instructions else nullif($6, '') end
     where a.user_id = $1 and a.id = $2
     returning ${AGENT_COLUMNS}`,
    [userId, id, changes.name ?? null, changes.voice ?? null, changes.greeting ?? null, changes.instructions ?? null],
  );
  return rows[0];
}

/**
 * Copies the callable contacts of the user's `selection` into the agent's snapshot in one
 * insert…select, and counts what it matched on the way. Inserts at most `maxRows`: a caller
 * allowing N asks for N + 1 to learn that there were more.
 */
export async function snapshotContacts(
  db: PoolClient,
  target: { userId: string; agentId: string },
  selection: ContactSelection,
  maxRows: number,
): Promise<SnapshotResult> {
  const params = createSqlParams();
  const match = compileContactSelection(target.userId, selection, params);
  // The name is joined as the contacts API joins fullName: blank parts left out.
  const sql = `with matched as (
      select c.id, c.platform, c.external_id, c.first_name, c.last_name, c.email, c.company,
             coalesce(c.phone_e164, c.mobile_phone_e164) as dial_e164, ${match.isPicked} as is_picked
      from public.crm_contacts c
      where ${match.where}
    ),
    added as (
      insert into public.agent_contacts (user_id, agent_id, crm_contact_id, platform, external_id,
        first_name, last_name, full_name, email, phone_e164, company)
      select ${params.add(target.userId)}::uuid, ${params.add(target.agentId)}::uuid, m.id, m.platform, m.external_id,
             m.first_name, m.last_name,
             nullif(concat_ws(' ', case when btrim(m.first_name) <> '' then m.first_name end,
                                   case when btrim(m.last_name) <> '' then m.last_name end), ''),
             m.email, m.dial_e164, m.company
      from matched m
      where m.dial_e164 is not null
      limit ${params.add(maxRows)}
      returning 1
    )
    select (select count(*) from matched)::int as matched,
           (select count(*) from matched where is_picked)::int as "matchedPicked",
           (select count(*) from added)::int as added`;
  const { rows } = await db.query<SnapshotResult>(sql, params.values);
  return rows[0]!;
}

export async function setContactCount(db: PoolClient, target: { userId: string; agentId: string }, count: number): Promise<void> {
  await db.query('update public.agents set contact_count = $3 where user_id = $1 and id = $2', [target.userId, target.agentId, count]);
}

/** A page of the user's agents, newest first, plus one more row when there is a next page. */
export async function listAgentRows(db: PoolClient, userId: string, after: AgentCursor | null, limit: number): Promise<AgentRow[]> {
  const values: unknown[] = [userId];
  let keyset = '';
  if (after) {
    values.push(after.createdAt, after.id);
    keyset = 'and (a.created_at, a.id) < ($2::timestamptz, $3::uuid)';
  }
  values.push(limit + 1);
  const { rows } = await db.query<AgentRow>(
    `select ${AGENT_COLUMNS} from public.agents a
     where a.user_id = $1 ${keyset}
     order by a.created_at desc, a.id desc
     limit $${values.length}`,
    values,
  );
  return rows;
}

export async function findAgentRow(db: PoolClient, userId: string, id: string): Promise<AgentRow | undefined> {
  const { rows } = await db.query<AgentRow>(`select ${AGENT_COLUMNS} from public.agents a where a.user_id = $1 and a.id = $2`, [userId, id]);
  return rows[0];
}

export async function countContactsByPlatform(db: PoolClient, userId: string, agentId: string): Promise<Partial<Record<TPlatform, number>>> {
  const { rows } = await db.query<{ platform: TPlatform; count: number }>(
    `select platform, count(*)::int as count from public.agent_contacts
     where user_id = $1 and agent_id = $2 group by platform`,
    [userId, agentId],
  );
  return Object.fromEntries(rows.map((row) => [row.platform, row.count]));
}

/** A page of an agent's snapshot by last name, first name, plus one more row when there is a next page. */
export async function listAgentContactRows(
  db: PoolClient,
  target: { userId: string; agentId: string },
  after: AgentContactCursor | null,
  limit: number,
): Promise<AgentContactRow[]> {
  const values: unknown[] = [target.userId, target.agentId];
  let keyset = '';
  if (after) {
    values.push(after.lastName, after.firstName, after.id);
    keyset = 'and (ac.sort_last_name, ac.sort_first_name, ac.id) > ($3, $4, $5::uuid)';
  }
  values.push(limit + 1);
  const { rows } = await db.query<AgentContactRow>(
    `select ac.id, ac.crm_contact_id, ac.platform, ac.external_id, ac.first_name, ac.last_name, ac.full_name,
            ac.email, ac.phone_e164, ac.company, ac.created_at, ac.sort_last_name, ac.sort_first_name
     from public.agent_contacts ac
     where ac.user_id = $1 and ac.agent_id = $2 ${keyset}
     order by ac.sort_last_name, ac.sort_first_name, ac.id
     limit $${values.length}`,
    values,
  );
  return rows;
}
