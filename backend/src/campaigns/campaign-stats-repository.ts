import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

/** The headline counts of one platform's contacts in a campaign. */
export type PlatformFiguresRow = {
  platform: TPlatform;
  contacts: number;
  called: number;
  answered: number;
};

/** One platform's figures, straight from the aggregate. */
export type PlatformStatsRow = PlatformFiguresRow & {
  voicemail: number;
  no_answer: number;
  failed: number;
  /** Sum and count of answered calls' durations: averages of several platforms are weighted from these. */
  answered_seconds: number;
  calls: number;
  written_back: number;
  writeback_pending: number;
  writeback_failed: number;
};

/**
 * The headline counts over campaign contacts `cc`, each contact counted once by its own row, which
 * mirrors its latest call: the one definition of contacts, called and answered that the
 * campaign's statistics and the campaigns list both select.
 */
const CONTACT_FIGURES_SQL = `count(*)::int as contacts,
            count(*) filter (where cc.last_result_id is not null)::int as called,
            count(*) filter (where cc.call_status = 'completed')::int as answered`;

/**
 * A campaign's figures per platform in one statement: outcomes from each contact's row (which
 * mirrors its latest call), write-back counts from every reported call, joined per contact.
 */
export async function aggregateCampaignStats(db: PoolClient, target: { userId: string; campaignId: string }): Promise<PlatformStatsRow[]> {
  const { rows } = await db.query<PlatformStatsRow>(
    `with calls as (
       select r.campaign_contact_id,
              count(*) as calls,
              count(*) filter (where r.writeback_status = 'succeeded') as written_back,
              count(*) filter (where r.writeback_status in ('pending', 'retrying')) as writeback_pending,
              count(*) filter (where r.writeback_status = 'failed') as writeback_failed
       from public.campaign_call_results r
       where r.user_id = $1 and r.campaign_id = $2
       group by r.campaign_contact_id
     )
     select cc.platform,
            ${CONTACT_FIGURES_SQL},
            count(*) filter (where cc.call_status = 'voicemail')::int as voicemail,
            count(*) filter (where cc.call_status in ('no_answer', 'busy'))::int as no_answer,
            count(*) filter (where cc.call_status = 'failed')::int as failed,
            coalesce(sum(cc.duration_sec) filter (where cc.call_status = 'completed'), 0)::int as answered_seconds,
            coalesce(sum(k.calls), 0)::int as calls,
            coalesce(sum(k.written_back), 0)::int as written_back,
            coalesce(sum(k.writeback_pending), 0)::int as writeback_pending,
            coalesce(sum(k.writeback_failed), 0)::int as writeback_failed
     from public.campaign_contacts cc
     left join calls k on k.campaign_contact_id = cc.id
     where cc.user_id = $1 and cc.campaign_id = $2
     group by cc.platform`,
    [target.userId, target.campaignId],
  );
  return rows;
}

/** One campaign's headline counts on one platform. */
export type CampaignFiguresRow = PlatformFiguresRow & { campaign_id: string };

/**
 * The headline counts of several campaigns (a page of the list) per campaign and platform, in one
 * statement: the campaign contacts' rows only, since the write-back counts are not wanted here.
 * Campaigns without contacts have no rows.
 */
export async function aggregateCampaignFigures(db: PoolClient, target: { userId: string; campaignIds: string[] }): Promise<CampaignFiguresRow[]> {
  if (target.campaignIds.length === 0) return [];
  const { rows } = await db.query<CampaignFiguresRow>(
    `select cc.campaign_id, cc.platform,
            ${CONTACT_FIGURES_SQL}
     from public.campaign_contacts cc
     where cc.user_id = $1 and cc.campaign_id = any($2::uuid[])
     group by cc.campaign_id, cc.platform`,
    [target.userId, target.campaignIds],
  );
  return rows;
}
