import type { RunningProduct } from '@voiceagent/backend/start';

type Pool = RunningProduct['pool'];

const STAGES = "array['subscriber','lead','marketingqualifiedlead','salesqualifiedlead','opportunity','customer']";
const STATUSES = "array['completed','voicemail','no_answer','busy','failed']";
const ZONES = "array['America/New_York','America/Chicago','America/Los_Angeles','Europe/London','Europe/Berlin',null]";

/**
 * One user's data SQL-side (generate_series): `contacts` contacts created over the last 400 days
 * (three in five HubSpot, every 20th a Zoho copy of a HubSpot person by e-mail, one in six
 * without a number), ten campaigns holding every contact once, and one call result per
 * campaign contact over the last 120 days, with its write-back state.
 */
export async function seedAnalyticsUser(pool: Pool, userId: string, contacts: number): Promise<void> {
  await pool.query(
    `insert into public.crm_contacts (user_id, platform, external_id, email, phone, phone_e164, number_time_zone, number_time_zone_state,
       lifecycle_stage, lead_status, do_not_call, call_consent, crm_created_at, created_at, synced_at, custom_fields)
     select $1, case when n % 5 < 3 then 'hubspot' else 'zoho' end, 'c-' || n,
            case when n % 7 = 0 then null else 'p' || (case when n % 20 = 3 then n - 3 else n end) || '@example.test' end,
            case when n % 6 = 0 then null else '+1' || (2002000000 + n) end,
            case when n % 6 = 0 then null else '+1' || (2002000000 + n) end,
            (${ZONES})[1 + n % 6], case when n % 6 = 5 then 'unknown' else 'derived' end,
            (${STAGES})[1 + n % 6], case when n % 3 = 0 then 'NEW' else 'OPEN' end,
            n % 50 = 0, case when n % 40 = 0 then false end,
            now() - ((n::bigint * 7919) % (400 * 86400)) * interval '1 second',
            now() - ((n::bigint * 7919) % (400 * 86400)) * interval '1 second' + interval '1 hour',
            now(), jsonb_build_object('tier', (array['gold','silver','bronze'])[1 + n % 3])
     from generate_series(1, $2::int) n`,
    [userId, contacts],
  );
  const { rows: [agent] } = await pool.query<{ id: string }>(`insert into public.agents (user_id, name) values ($1, 'Bench caller') returning id`, [userId]);
  const { rows: campaigns } = await pool.query<{ id: string }>(
    `insert into public.campaigns (user_id, agent_id, name, status, contact_count)
     select $1, $2, 'Campaign ' || g, 'running', $3::int / 10 from generate_series(1, 10) g returning id`,
    [userId, agent!.id, contacts],
  );
  await pool.query(
    `insert into public.campaign_contacts (user_id, campaign_id, crm_contact_id, platform, external_id, name, phone_e164, call_status)
     select c.user_id, ($2::uuid[])[1 + (hashtext(c.external_id) & 2147483647) % 10], c.id, c.platform, c.external_id, c.external_id, c.phone_e164, 'completed'
     from public.crm_contacts c where c.user_id = $1`,
    [userId, campaigns.map((row) => row.id)],
  );
  await pool.query(
    `insert into public.campaign_call_results (user_id, campaign_id, campaign_contact_id, call_id, status, started_at, duration_sec, platform,
       writeback_status, crm_call_id, written_back_at, writeback_error_code, writeback_error)
     select cc.user_id, cc.campaign_id, cc.id, 'call-' || cc.external_id, s.status, s.started_at,
            case when s.status = 'completed' then 20 + k % 300 else 0 end, cc.platform,
            s.wb, case when s.wb = 'succeeded' then 'crm-' || k end,
            case when s.wb = 'succeeded' then s.started_at + interval '5 minutes' end,
            case when s.wb = 'failed' then 'provider_rejected' end, case when s.wb = 'failed' then 'Refused' end
     from (select cc.*, (row_number() over ())::bigint as k from public.campaign_contacts cc where cc.user_id = $1) cc
     cross join lateral (select (${STATUSES})[1 + cc.k % 5] as status,
                                now() - ((cc.k * 104729) % (120 * 86400)) * interval '1 second' as started_at,
                                case when cc.k % 25 = 0 then 'failed' when cc.k % 10 = 0 then 'pending' else 'succeeded' end as wb) s`,
    [userId],
  );
}

/**
 * Users besides the measured one, as auth.users rows (no sign-up needed: they are never measured):
 * those an earlier run on this database made first (by their e-mail), then new ones.
 */
export async function findOrCreateOtherUsers(pool: Pool, count: number): Promise<string[]> {
  const { rows: found } = await pool.query<{ id: string }>(
    // Those holding contacts first: a run that failed before seeding left users with none.
    `select u.id from auth.users u where u.email like 'bench-analytics-%'
     order by exists (select 1 from public.crm_contacts c where c.user_id = u.id) desc, u.created_at, u.id limit $1`,
    [count],
  );
  const { rows: created } = await pool.query<{ id: string }>(
    `insert into auth.users (aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
     select 'authenticated', 'authenticated', 'bench-analytics-' || g || '-' || gen_random_uuid() || '@example.test', now(),
            '{"provider":"email","providers":["email"]}', '{}'
     from generate_series(1, $1::int) g
     returning id`,
    [count - found.length],
  );
  return [...found, ...created].map((row) => row.id);
}

/**
 * Seeds the user unless an earlier run did so in full (`contacts` contacts, and at least as many
 * results: the ingestion run adds its own): a full-size seed takes an hour, so a run cut short is carried on, not started over.
 * A user left half-seeded is cleared first. Returns whether it seeded.
 */
export async function ensureAnalyticsUserSeeded(pool: Pool, userId: string, contacts: number): Promise<boolean> {
  const { rows: [held] } = await pool.query<{ contacts: number; results: number }>(
    `select (select count(*) from public.crm_contacts where user_id = $1)::int as contacts,
            (select count(*) from public.campaign_call_results where user_id = $1)::int as results`,
    [userId],
  );
  // More results than seeded: the ingestion run posted its own on top. Fewer: a seed cut short.
  if (held!.contacts === contacts && held!.results >= contacts) return false;
  for (const table of ['campaign_call_results', 'campaign_contacts', 'campaigns', 'agents', 'crm_contacts']) {
    await pool.query(`delete from public.${table} where user_id = $1`, [userId]);
  }
  await seedAnalyticsUser(pool, userId, contacts);
  return true;
}
