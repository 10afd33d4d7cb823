import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { IMPORT_PREVIEW_ROWS, type TImportMapping, type TImportResponse, type TPlatform } from '@voiceagent/shared';
import { auditActorOf } from '../audit/audit-actor';
import type { AuditService } from '../audit/audit-service';
import type { AuthenticatedUser } from '../auth/token-verifier';
import type { BulkJobQueue } from '../bulk/bulk-job-queue';
import type { BulkJobRunner } from '../bulk/bulk-job-runner';
import * as bulkRepo from '../bulk/bulk-jobs-repository';
import { withService, withUser } from '../db/transactions';
import type { ExportFile } from '../exports/export-file';
import { neutraliseCell } from '../exports/csv-cells';
import { streamCsvAsUser } from '../exports/stream-csv-as-user';
import type { UploadBody } from '../http/endpoint-handler';
import { AppError } from '../http/app-error';
import { readCsvUpload } from './csv-upload';
import { toImportDto } from './import-dto';
import { checkMapping, guessMapping } from './import-mapping';
import * as repo from './imports-repository';

export type ImportsServiceDeps = {
  pool: Pool;
  queue: Pick<BulkJobQueue, 'send'>;
  runner: Pick<BulkJobRunner, 'finish'>;
  audit?: Pick<AuditService, 'record'>;
  logger: Logger;
};

export type ImportsService = ReturnType<typeof createImportsService>;

const notFound = () => new AppError('not_found', 'No import with this id');

/** CSV imports: upload (rows stored as they arrive), preview and mapping, start as a bulk job, cancel, report. */
export function createImportsService(deps: ImportsServiceDeps) {
  const { pool, logger } = deps;

  async function answer(db: PoolClient, job: bulkRepo.BulkJobRow): Promise<TImportResponse> {
    return { import: toImportDto(job, await repo.findFirstRows(db, job.id, IMPORT_PREVIEW_ROWS)) };
  }

  async function findVisible(user: AuthenticatedUser, id: string): Promise<bulkRepo.BulkJobRow> {
    const job = await withUser(pool, user.claims, (db) => repo.findImport(db, user.id, id));
    if (!job) throw notFound();
    return job;
  }

  return {
    /**
     * Stores the upload in one transaction while it streams in (a failed or refused upload leaves
     * nothing behind); the rows wait in Postgres, which every API and worker process shares.
     */
    async createImport(user: AuthenticatedUser, platform: TPlatform, upload: UploadBody): Promise<TImportResponse> {
      const connections = await withService(pool, (db) => bulkRepo.findConnections(db, user.id));
      const connection = connections.find((candidate) => candidate.platform === platform);
      if (!connection) throw new AppError('crm_not_connected', `${platform} is not connected`, { platform });
      return withService(pool, async (db) => {
        let job: bulkRepo.BulkJobRow | undefined;
        const read = await readCsvUpload(upload, {
          async header(head) {
            job = await repo.insertImport(db, user.id, { platform, ...head, suggestedMapping: guessMapping(head.header) });
          },
          async rows(firstRow, rows) {
            await repo.insertRows(db, { id: job!.id, userId: user.id, platform }, firstRow, rows);
          },
        });
        const stored = await repo.setTotal(db, job!.id, read.rowCount);
        logger.info({ importId: stored.id, platform, rows: read.rowCount, delimiter: read.delimiter }, 'import uploaded');
        return answer(db, stored);
      });
    },

    async getImport(user: AuthenticatedUser, id: string): Promise<TImportResponse> {
      return withUser(pool, user.claims, async (db) => {
        const job = await repo.findImport(db, user.id, id);
        if (!job) throw notFound();
        return answer(db, job);
      });
    },

    async startImport(user: AuthenticatedUser, id: string, mapping: TImportMapping): Promise<TImportResponse> {
      const visible = await findVisible(user, id);
      const params = visible.params as repo.ImportParams;
      checkMapping(mapping, params.header);
      const connections = await withService(pool, (db) => bulkRepo.findConnections(db, user.id));
      if (!connections.some((candidate) => candidate.platform === params.platform)) throw new AppError('crm_not_connected', `${params.platform} is not connected`, { platform: params.platform });
      const isQueued = await withService(pool, (db) => repo.queueWithMapping(db, id, mapping));
      if (!isQueued) throw new AppError('conflict', `This import has already been started or cancelled (it is ${visible.status})`);
      await deps.queue.send(id, [params.platform]);
      await deps.audit?.record({
        userId: user.id,
        kind: 'bulk_operation_started',
        outcome: 'success',
        actor: auditActorOf(user),
        details: { jobId: id, operation: 'import', total: visible.total_count, platforms: [params.platform] },
      });
      logger.info({ importId: id, total: visible.total_count, platform: params.platform }, 'import queued');
      return withUser(pool, user.claims, async (db) => answer(db, (await repo.findImport(db, user.id, id))!));
    },

    /** As a bulk job's cancel; an import still waiting for its mapping (or queued) ends at once, its rows skipped. */
    async cancelImport(user: AuthenticatedUser, id: string): Promise<TImportResponse> {
      await findVisible(user, id);
      const endsNow = await withService(pool, async (db) => {
        const job = await repo.findImport(db, user.id, id, { forUpdate: true });
        if (!job || !(await bulkRepo.requestCancel(db, user.id, id))) return false;
        // 'mapping' is an import's own status, before the job system's.
        if (!['queued', 'mapping'].includes(job.status as string)) return false;
        await bulkRepo.closePending(db, id, { platform: null, status: 'skipped', errorCode: null, error: null });
        return true;
      });
      if (endsNow) await deps.runner.finish(id);
      return withUser(pool, user.claims, async (db) => answer(db, (await repo.findImport(db, user.id, id))!));
    },

    /** The rows not created, with why, streamed as CSV from a cursor under the user's RLS. */
    async getReport(user: AuthenticatedUser, id: string): Promise<ExportFile> {
      const stream = await streamCsvAsUser<{ row_number: number; status: string; error_code: string | null; error: string | null; cells: string[] }>(
        { pool, claims: user.claims, logger, what: 'import report' },
        async (db) => {
          const job = await repo.findImport(db, user.id, id);
          if (!job) throw notFound();
          const { header } = job.params as repo.ImportParams;
          return {
            header: ['row', 'status', 'reason_code', 'reason', ...header],
            ...repo.reportQuery(id),
            toCells: (row) => [String(row.row_number), row.status, row.error_code ?? '', neutraliseCell(row.error ?? ''), ...row.cells.map((cell) => neutraliseCell(cell))],
          };
        },
      );
      return { stream, filename: `import-${id.slice(0, 8)}-report.csv` };
    },
  };
}
