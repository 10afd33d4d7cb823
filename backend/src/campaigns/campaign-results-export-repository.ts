import { CAMPAIGN_RESULTS_EXPORT_COLUMNS } from '@voiceagent/shared';

type ColumnId = (typeof CAMPAIGN_RESULTS_EXPORT_COLUMNS)[number]['id'];

/** A row of a campaign's results export, one value per column. */
export type CampaignResultsExportRow = Record<ColumnId, unknown>;

// Each column on the campaign contact `cc` and its latest call `r` (none before the first call).
const COLUMN_SQL: Record<ColumnId, string> = {
  name: 'cc.name',
  platform: 'cc.platform',
  externalId: 'cc.external_id',
  phone: 'cc.phone_e164',
  email: 'cc.email',
  company: 'cc.company',
  callStatus: 'cc.call_status',
  outcome: 'r.outcome',
  calledAt: 'r.started_at',
  durationSec: 'r.duration_sec',
  summary: "nullif(r.summary, '')",
  writeBackStatus: 'r.writeback_status',
  writeBackAttempts: 'r.writeback_attempts',
  // Each attempt updates the result (its lease, then its verdict): its last change is the last attempt's.
  writeBackAttemptedAt: 'case when r.writeback_attempts > 0 then r.updated_at end',
  writtenBackAt: 'r.written_back_at',
  crmCallId: 'r.crm_call_id',
  writeBackError: 'r.writeback_error',
};

/**
 * A campaign's contacts with their latest call and its write-back, in the campaign page's order
 * (name, then id: its index gives the cursor its first rows at once). Names the user, and runs
 * as the user too.
 */
export function buildCampaignResultsExportQuery(target: { userId: string; campaignId: string }): { text: string; values: unknown[] } {
  const select = CAMPAIGN_RESULTS_EXPORT_COLUMNS.map((column) => `${COLUMN_SQL[column.id]} as "${column.id}"`).join(',\n    ');
  const text = `select ${select}
    from public.campaign_contacts cc
    left join public.campaign_call_results r on r.id = cc.last_result_id and r.user_id = cc.user_id
    where cc.user_id = $1 and cc.campaign_id = $2
    order by cc.sort_name, cc.id`;
  return { text, values: [target.userId, target.campaignId] };
}
