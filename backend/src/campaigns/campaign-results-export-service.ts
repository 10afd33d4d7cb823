import { CAMPAIGN_RESULTS_EXPORT_COLUMNS } from '@voiceagent/shared';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { formatCell } from '../exports/csv-cells';
import { toDateStamp, type ExportFile } from '../exports/export-file';
import { streamCsvAsUser } from '../exports/stream-csv-as-user';
import { AppError } from '../http/app-error';
import type { Clock } from '../runtime/clock';
import { buildCampaignResultsExportQuery, type CampaignResultsExportRow } from './campaign-results-export-repository';
import { findCampaignRow } from './campaigns-repository';

export type CampaignResultsExportServiceDeps = { pool: Pool; logger: Logger; now: Clock; batchSize?: number };

export type CampaignResultsExportService = ReturnType<typeof createCampaignResultsExportService>;

/** A campaign's results as CSV: who was called, how it went, and where its write-back stands. */
export function createCampaignResultsExportService(deps: CampaignResultsExportServiceDeps) {
  const { pool, logger, now } = deps;

  async function exportResults(user: AuthenticatedUser, campaignId: string): Promise<ExportFile> {
    let campaignName = '';
    const stream = await streamCsvAsUser({ pool, claims: user.claims, logger, what: 'campaign results export', batchSize: deps.batchSize }, async (db) => {
      const campaign = await findCampaignRow(db, user.id, campaignId);
      if (!campaign) throw new AppError('not_found', `No campaign ${campaignId}`);
      campaignName = campaign.name;
      return {
        header: CAMPAIGN_RESULTS_EXPORT_COLUMNS.map((column) => column.label),
        ...buildCampaignResultsExportQuery({ userId: user.id, campaignId }),
        toCells: (row: CampaignResultsExportRow) => CAMPAIGN_RESULTS_EXPORT_COLUMNS.map((column) => formatCell(row[column.id], column.id === 'phone')),
      };
    });
    const slug = toFileSlug(campaignName);
    return { stream, filename: `campaign-${slug ? `${slug}-` : ''}results-${toDateStamp(now())}.csv` };
  }

  return { exportResults };
}

/** A name as a file name's ASCII part: "Spring renewals (EU)" → "spring-renewals-eu". */
export function toFileSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}
