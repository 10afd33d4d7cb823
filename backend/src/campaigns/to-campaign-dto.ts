import {
  PLATFORMS,
  type TCampaign,
  type TCampaignContact,
  type TCampaignFigures,
  type TCampaignListItem,
  type TCampaignPlatformStats,
  type TCampaignStats,
  type TPlatform,
} from '@voiceagent/shared';
import { toCallingRules } from './calling-rules-columns';
import type { PlatformFiguresRow, PlatformStatsRow } from './campaign-stats-repository';
import type { CampaignContactRow, CampaignRow } from './campaigns-repository';

export function toCampaignDto(row: CampaignRow): TCampaign {
  return {
    id: row.id,
    agentId: row.agent_id,
    agentName: row.agent_name,
    name: row.name,
    status: row.status,
    contactCount: row.contact_count,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    rules: toCallingRules(row),
  };
}

/** A campaign of the list with its figures, from its rows of the page's aggregate (none: no contacts). */
export function toCampaignListItem(row: CampaignRow, figures: PlatformFiguresRow[]): TCampaignListItem {
  return { ...toCampaignDto(row), figures: toCampaignFigures(figures) };
}

/** Sums a campaign's platforms as its statistics' `total` does; the CRMs holding contacts in PLATFORMS order. */
function toCampaignFigures(rows: PlatformFiguresRow[]): TCampaignFigures {
  const sum = (pick: (row: PlatformFiguresRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    contacts: sum((row) => row.contacts),
    called: sum((row) => row.called),
    answered: sum((row) => row.answered),
    platforms: PLATFORMS.filter((platform) => rows.some((row) => row.platform === platform && row.contacts > 0)),
  };
}

export function toCampaignContactDto(row: CampaignContactRow): TCampaignContact {
  const status = row.call_status;
  // Pending: no result yet, so nothing to write back either.
  const lastCall =
    status === 'pending' || row.last_call_id === null || row.called_at === null
      ? null
      : {
          callId: row.last_call_id,
          status,
          outcome: row.outcome,
          startedAt: row.called_at.toISOString(),
          durationSec: row.duration_sec ?? 0,
          summary: row.summary ?? '',
        };
  return {
    id: row.id,
    crmContactId: row.crm_contact_id,
    platform: row.platform,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    company: row.company,
    phoneE164: row.phone_e164,
    lastCall,
    writeBack: lastCall ? { status: row.writeback_status, crmCallId: row.crm_call_id, error: row.writeback_error } : null,
  };
}

/** Every platform named (zeros where the campaign has none), and the total across them. */
export function toCampaignStats(campaignId: string, rows: PlatformStatsRow[]): TCampaignStats {
  const byPlatform = Object.fromEntries(
    PLATFORMS.map((platform) => [platform, toPlatformStats([rows.find((row) => row.platform === platform)].filter(isRow))]),
  ) as Record<TPlatform, TCampaignPlatformStats>;
  return { campaignId, byPlatform, total: toPlatformStats(rows) };
}

function isRow(row: PlatformStatsRow | undefined): row is PlatformStatsRow {
  return row !== undefined;
}

/** Sums rows; the average is the answered seconds over the answered calls of all of them. */
function toPlatformStats(rows: PlatformStatsRow[]): TCampaignPlatformStats {
  const sum = (pick: (row: PlatformStatsRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const answered = sum((row) => row.answered);
  return {
    contacts: sum((row) => row.contacts),
    called: sum((row) => row.called),
    answered,
    voicemail: sum((row) => row.voicemail),
    noAnswer: sum((row) => row.no_answer),
    failed: sum((row) => row.failed),
    averageDurationSec: answered === 0 ? null : Math.round((sum((row) => row.answered_seconds) / answered) * 10) / 10,
    calls: sum((row) => row.calls),
    writtenBack: sum((row) => row.written_back),
    writeBackPending: sum((row) => row.writeback_pending),
    writeBackFailed: sum((row) => row.writeback_failed),
  };
}
