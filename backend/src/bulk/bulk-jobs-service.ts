import type { Pool } from 'pg';
import type { z } from 'zod';
import type { TBulkJobCancelResponse, TBulkJobDetail, TBulkJobKind, ZBulkJobQuery } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withService, withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import { decodeItemCursor, encodeItemCursor, toBulkItemDto, toBulkJobDto } from './bulk-job-dto';
import type { BulkJobRunner } from './bulk-job-runner';
import * as repo from './bulk-jobs-repository';

type BulkJobQuery = z.output<typeof ZBulkJobQuery>;

export type BulkJobsService = ReturnType<typeof createBulkJobsService>;

const NOUNS: Record<TBulkJobKind, string> = { crm_update: 'bulk update', crm_archive: 'bulk delete', import: 'import' };

/** Reading and cancelling a user's bulk jobs of one kind (each kind has its own paths). */
export function createBulkJobsService(deps: { pool: Pool; runner: Pick<BulkJobRunner, 'finish'> }) {
  const { pool } = deps;

  return {
    async getJob(user: AuthenticatedUser, kind: TBulkJobKind, id: string, query: BulkJobQuery): Promise<TBulkJobDetail> {
      const after = query.cursor === undefined ? null : decodeItemCursor(query.cursor);
      return withUser(pool, user.claims, async (db) => {
        // RLS hides other users' jobs: theirs are as absent as ids that never existed.
        const job = await repo.findJob(db, user.id, id);
        if (!job || job.kind !== kind) throw new AppError('not_found', `No ${NOUNS[kind]} with this id`);
        const rows = await repo.listItems(db, { jobId: id, status: query.status, after, limit: query.limit + 1 });
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        return {
          job: toBulkJobDto(job),
          items: { items: page.map(toBulkItemDto), nextCursor: rows.length > query.limit && last ? encodeItemCursor({ rank: last.rank, id: last.id }) : null },
        };
      });
    },

    /**
     * Asks the job to stop before its next batch. A job no worker has taken yet ends at once, its
     * rows skipped; one under way skips its remaining rows when its workers next look.
     */
    async cancelJob(user: AuthenticatedUser, kind: TBulkJobKind, id: string): Promise<TBulkJobCancelResponse> {
      const visible = await withUser(pool, user.claims, (db) => repo.findJob(db, user.id, id));
      if (!visible || visible.kind !== kind) throw new AppError('not_found', `No ${NOUNS[kind]} with this id`);
      const wasQueued = await withService(pool, async (db) => {
        const job = await repo.findJob(db, user.id, id, { forUpdate: true });
        if (!job || !(await repo.requestCancel(db, user.id, id))) return false;
        if (job.status !== 'queued') return false;
        await repo.closePending(db, id, { platform: null, status: 'skipped', errorCode: null, error: null });
        return true;
      });
      if (wasQueued) await deps.runner.finish(id);
      const job = await withService(pool, (db) => repo.findJob(db, user.id, id));
      return { job: toBulkJobDto(job!) };
    },
  };
}
