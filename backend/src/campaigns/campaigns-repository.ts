import type { PoolClient } from 'pg';
import type { TCallingRules, TCallResultStatus, TPlatform, TWriteBackStatus } from '@voiceagent/shared';
import { compileContactSelection, type ContactSelection } from '../crm/contacts/selection/contact-selection-sql';
import { createSqlParams, type SqlParams } from '../db/sql-params';
import { CAMPAIGN_RULE_CASTS, CAMPAIGN_RULE_COLUMNS, CAMPAIGN_RULE_NAMES, toRuleValues, type CampaignRuleColumns } from './calling-rules-columns';
import type { CampaignContactCursor, CampaignCursor } from './campaign-cursor';

export type CampaignRow = {
  id: string;
  agent_id: string;
  agent_name: string;
  name: string;
  status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
  contact_count: number;
  created_at: Date;
  started_at: Date | null;
  /** created_at exactly as Postgres orders it (UTC, microseconds): the keyset key. */
  created_key: string;
} & CampaignRuleColumns;

export type CampaignContactRow = {
  id: string;
  crm_contact_id: string | null;
  platform: TPlatform;
  external_id: string;
  name: string | null;
  email: string | null;
  company: string | null;
  phone_e164: string;
  call_status: TCallResultStatus | 'pending';
  last_call_id: string | null;
  outcome: string | null;
  duration_sec: number | null;
  summary: string | null;
  called_at: Date | null;
  crm_call_id: string | null;
  writeback_status: TWriteBackStatus;
  writeback_error: string | null;
  sort_name: string;
};

/** Where a campaign's contacts come from: the user's synced contacts, or the agent's snapshot. */
export type CampaignSource = { kind: 'contacts'; selection: ContactSelection } | { kind: 'agent'; agentId: string };

export type SnapshotResult = {
  /** Contacts the selection matched, callable or not. */
  matched: number;
  /** Of those, the ones picked by id. */
  matchedPicked: number;
  /** Of those, the callable ones. */
  callable: number;
  /** Rows inserted: one per distinct number (at most `maxRows`). */
  added: number;
};

const CAMPAIGN_COLUMNS = `c.id, c.agent_id, a.name as agent_name, c.name, c.status, c.contact_count, c.created_at, c.started_at,
  to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key, ${CAMPAIGN_RULE_COLUMNS}`;

export async function insertCampaign(db: PoolClient, userId: string, campaign: { agentId: string; name: string; rules: TCallingRules }): Promise<string> {
  const rulePlaceholders = CAMPAIGN_RULE_CASTS.map((cast, i) => `$${i + 4}::${cast}`);
  const { rows } = await db.query<{ id: string }>(
    `insert into public.campaigns (user_id, agent_id, name, status, started_at, ${CAMPAIGN_RULE_NAMES.join(', ')})
     values ($1, $2, $3, 'running', now(), ${rulePlaceholders.join(', ')}) returning id`,
    [userId, campaign.agentId, campaign.name, ...toRuleValues(campaign.rules)],
  );
  return rows[0]!.id;
}

/** Writes the name and every rule column; the caller merged what the request changed into the stored rules. */
export async function updateCampaignRules(db: PoolClient, userId: string, id: string, update: { name: string; rules: TCallingRules }): Promise<void> {
  const sets = CAMPAIGN_RULE_NAMES.map((name, i) => `${name} = $${i + 4}::${CAMPAIGN_RULE_CASTS[i]}`);
  await db.query(`update public.campaigns set name = $3, ${sets.join(', ')} where user_id = $1 and id = $2`, [userId, id, update.name, ...toRuleValues(update.rules)]);
}

/** The candidates of a source as one select: who, which number to dial, and what wins a shared number. */
function buildSourceSql(userId: string, source: CampaignSource, params: SqlParams): string {
  if (source.kind === 'agent') {
    // The synced contact, while it exists, tells which of two sharing a number was updated last.
    return `select ac.crm_contact_id as contact_id, ac.platform, ac.external_id, ac.full_name as name, ac.email, ac.company,
                   ac.phone_e164 as dial_e164, false as is_picked, c.crm_updated_at as updated_at, ac.id as tie
            from public.agent_contacts ac
            left join public.crm_contacts c on c.id = ac.crm_contact_id and c.user_id = ac.user_id
            where ac.user_id = ${params.add(userId)} and ac.agent_id = ${params.add(source.agentId)}`;
  }
  const match = compileContactSelection(userId, source.selection, params);
  // The name is joined as the contacts API joins fullName: blank parts left out.
  return `select c.id as contact_id, c.platform, c.external_id,
                 nullif(concat_ws(' ', case when btrim(c.first_name) <> '' then c.first_name end,
                                       case when btrim(c.last_name) <> '' then c.last_name end), '') as name,
                 c.email, c.company, coalesce(c.phone_e164, c.mobile_phone_e164) as dial_e164,
                 ${match.isPicked} as is_picked, c.crm_updated_at as updated_at, c.id as tie
          from public.crm_contacts c
          where ${match.where}`;
}

/**
 * Copies the callable contacts of `source` into the campaign in one insert…select, one per phone
 * number: of contacts sharing a number (the same person in HubSpot and Zoho, typically) the one
 * picked by id wins, then the one most recently updated in its CRM. Counts what it matched on the
 * way. Inserts at most `maxRows`: a caller allowing N asks for N + 1 to learn there were more.
 */
export async function snapshotCampaignContacts(
  db: PoolClient,
  target: { userId: string; campaignId: string },
  source: CampaignSource,
  maxRows: number,
): Promise<SnapshotResult> {
  const params = createSqlParams();
  const sourceSql = buildSourceSql(target.userId, source, params);
  const sql = `with matched as (${sourceSql}),
    chosen as (
      select distinct on (m.dial_e164) m.* from matched m
      where m.dial_e164 is not null
      order by m.dial_e164, m.is_picked desc, m.updated_at desc nulls last, m.platform, m.tie
    ),
    added as (
      insert into public.campaign_contacts (user_id, campaign_id, crm_contact_id, platform, external_id, name, email, company, phone_e164)
      select ${params.add(target.userId)}::uuid, ${params.add(target.campaignId)}::uuid, ch.contact_id, ch.platform, ch.external_id,
             ch.name, ch.email, ch.company, ch.dial_e164
      from chosen ch
      limit ${params.add(maxRows)}
      returning 1
    )
    select (select count(*) from matched)::int as matched,
           (select count(*) from matched where is_picked)::int as "matchedPicked",
           (select count(*) from matched where dial_e164 is not null)::int as callable,
           (select count(*) from added)::int as added`;
  const { rows } = await db.query<SnapshotResult>(sql, params.values);
  return rows[0]!;
}

export async function setCampaignContactCount(db: PoolClient, target: { userId: string; campaignId: string }, count: number): Promise<void> {
  await db.query('update public.campaigns set contact_count = $3 where user_id = $1 and id = $2', [target.userId, target.campaignId, count]);
}

export async function findCampaignRow(db: PoolClient, userId: string, id: string): Promise<CampaignRow | undefined> {
  const { rows } = await db.query<CampaignRow>(
    `select ${CAMPAIGN_COLUMNS} from public.campaigns c join public.agents a on a.id = c.agent_id and a.user_id = c.user_id
     where c.user_id = $1 and c.id = $2`,
    [userId, id],
  );
  return rows[0];
}

/** A page of the user's campaigns (optionally one agent's, or in one status), newest first, plus one more row when there is a next page. */
export async function listCampaignRows(
  db: PoolClient,
  filter: { userId: string; agentId?: string; status?: CampaignRow['status'] },
  after: CampaignCursor | null,
  limit: number,
): Promise<CampaignRow[]> {
  const values: unknown[] = [filter.userId];
  const where = ['c.user_id = $1'];
  if (filter.agentId) {
    values.push(filter.agentId);
    where.push(`c.agent_id = $${values.length}`);
  }
  if (filter.status) {
    values.push(filter.status);
    where.push(`c.status = $${values.length}`);
  }
  if (after) {
    values.push(after.createdAt, after.id);
    where.push(`(c.created_at, c.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(limit + 1);
  const { rows } = await db.query<CampaignRow>(
    `select ${CAMPAIGN_COLUMNS} from public.campaigns c join public.agents a on a.id = c.agent_id and a.user_id = c.user_id
     where ${where.join(' and ')}
     order by c.created_at desc, c.id desc
     limit $${values.length}`,
    values,
  );
  return rows;
}

/** A page of a campaign's contacts by name, plus one more row when there is a next page. */
export async function listCampaignContactRows(
  db: PoolClient,
  target: { userId: string; campaignId: string },
  after: CampaignContactCursor | null,
  limit: number,
): Promise<CampaignContactRow[]> {
  const values: unknown[] = [target.userId, target.campaignId];
  let keyset = '';
  if (after) {
    values.push(after.name, after.id);
    keyset = 'and (cc.sort_name, cc.id) > ($3, $4::uuid)';
  }
  values.push(limit + 1);
  const { rows } = await db.query<CampaignContactRow>(
    `select cc.id, cc.crm_contact_id, cc.platform, cc.external_id, cc.name, cc.email, cc.company, cc.phone_e164,
            cc.call_status, cc.last_call_id, cc.outcome, cc.duration_sec, cc.summary, cc.called_at,
            cc.crm_call_id, cc.writeback_status, cc.writeback_error, cc.sort_name
     from public.campaign_contacts cc
     where cc.user_id = $1 and cc.campaign_id = $2 ${keyset}
     order by cc.sort_name, cc.id
     limit $${values.length}`,
    values,
  );
  return rows;
}
