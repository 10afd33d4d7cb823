import type pg from 'pg';

/** A contact as a sync leaves it, the analytics' columns set (unset ones null). */
export type AnalyticsContactSeed = {
  platform: 'hubspot' | 'zoho' | 'salesforce';
  crmCreatedAt: string;
  syncedAt: string;
  email?: string;
  phone?: string;
  phoneE164?: string;
  mobilePhone?: string;
  mobilePhoneE164?: string;
  lifecycleStage?: string;
  leadStatus?: string;
  doNotCall?: boolean;
  callConsent?: boolean;
  numberTimeZone?: string;
  customFields?: Record<string, unknown>;
};

/** Inserts contacts as superuser in one statement; returns their ids in order. */
export async function insertAnalyticsContacts(pool: pg.Pool, userId: string, seeds: AnalyticsContactSeed[]): Promise<string[]> {
  const rows = seeds.map((seed, i) => ({
    platform: seed.platform,
    external_id: `a-${i}-${Math.random().toString(36).slice(2, 8)}`,
    crm_created_at: seed.crmCreatedAt,
    created_at: seed.syncedAt,
    email: seed.email ?? null,
    phone: seed.phone ?? seed.phoneE164 ?? null,
    phone_e164: seed.phoneE164 ?? null,
    mobile_phone: seed.mobilePhone ?? seed.mobilePhoneE164 ?? null,
    mobile_phone_e164: seed.mobilePhoneE164 ?? null,
    lifecycle_stage: seed.lifecycleStage ?? null,
    lead_status: seed.leadStatus ?? null,
    do_not_call: seed.doNotCall ?? null,
    call_consent: seed.callConsent ?? null,
    number_time_zone: seed.numberTimeZone ?? null,
    custom_fields: seed.customFields ?? {},
  }));
  const { rows: inserted } = await pool.query<{ id: string; external_id: string }>(
    `insert into public.crm_contacts (user_id, platform, external_id, crm_created_at, created_at, synced_at, email, phone, phone_e164, mobile_phone, mobile_phone_e164,
       lifecycle_stage, lead_status, do_not_call, call_consent, number_time_zone, custom_fields)
     select $1, r.platform, r.external_id, r.crm_created_at, r.created_at, r.created_at, r.email, r.phone, r.phone_e164, r.mobile_phone, r.mobile_phone_e164,
            r.lifecycle_stage, r.lead_status, r.do_not_call, r.call_consent, r.number_time_zone, r.custom_fields
     from jsonb_to_recordset($2::jsonb) as r(platform text, external_id text, crm_created_at timestamptz,
       created_at timestamptz, email text, phone text, phone_e164 text, mobile_phone text, mobile_phone_e164 text, lifecycle_stage text, lead_status text,
       do_not_call boolean, call_consent boolean, number_time_zone text, custom_fields jsonb)
     returning id, external_id`,
    [userId, JSON.stringify(rows)],
  );
  const idOf = new Map(inserted.map((row) => [row.external_id, row.id]));
  return rows.map((row) => idOf.get(row.external_id)!);
}

export type CallSeed = { contactIndex: number; status: 'completed' | 'voicemail' | 'no_answer' | 'busy' | 'failed'; startedAt: string; durationSec: number; writeBack?: { status: 'succeeded' | 'failed' | 'pending'; at?: string; code?: string; error?: string } };

/** An agent, a campaign over the given contacts, and one reported call per seed; returns the campaign id. */
export async function insertCampaignWithCalls(pool: pg.Pool, userId: string, name: string, contactIds: string[], calls: CallSeed[]): Promise<string> {
  const { rows: [agent] } = await pool.query<{ id: string }>(`insert into public.agents (user_id, name) values ($1, 'Caller') returning id`, [userId]);
  const { rows: [campaign] } = await pool.query<{ id: string }>(
    `insert into public.campaigns (user_id, agent_id, name, status, contact_count) values ($1, $2, $3, 'running', $4) returning id`,
    [userId, agent!.id, name, contactIds.length],
  );
  const { rows: members } = await pool.query<{ id: string; crm_contact_id: string; platform: string }>(
    `insert into public.campaign_contacts (user_id, campaign_id, crm_contact_id, platform, external_id, name, phone_e164)
     select c.user_id, $2, c.id, c.platform, c.external_id, c.external_id, c.phone_e164 from public.crm_contacts c
     where c.id = any($1::uuid[])
     returning id, crm_contact_id, platform`,
    [contactIds, campaign!.id],
  );
  const memberOf = new Map(members.map((member) => [member.crm_contact_id, member]));
  for (const [i, call] of calls.entries()) {
    const member = memberOf.get(contactIds[call.contactIndex]!)!;
    const writeBack = call.writeBack ?? { status: 'pending' };
    await pool.query(
      `insert into public.campaign_call_results (user_id, campaign_id, campaign_contact_id, call_id, status, started_at, duration_sec, platform,
         writeback_status, crm_call_id, written_back_at, writeback_error_code, writeback_error)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        userId, campaign!.id, member.id, `${name}-${i}`, call.status, call.startedAt, call.durationSec, member.platform,
        writeBack.status, writeBack.status === 'succeeded' ? `crm-${i}` : null, writeBack.at ?? null, writeBack.code ?? null, writeBack.error ?? null,
      ],
    );
  }
  return campaign!.id;
}
