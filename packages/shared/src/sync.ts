import { z } from 'zod';
import { pageCursor, pageLimit } from './paging';
import { ZPlatform } from './platforms';

export const SYNC_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const ZSyncRunStatus = z.enum(SYNC_RUN_STATUSES);
/** A backfill reads only the fields whose mapping changed, over every contact (custom fields). */
export const ZSyncKind = z.enum(['full', 'incremental', 'backfill']);

/** POST /api/v1/crm/sync takes no parameters; any is a 400 naming it. */
export const ZSyncAllQuery = z.strictObject({});

/** POST /api/v1/crm/:platform/sync?mode=full forces a full resync; without it the server picks (full until one succeeded). */
export const ZSyncStartQuery = z.strictObject({ mode: z.enum(['full', 'incremental']).optional() });
export type TSyncStartQuery = z.infer<typeof ZSyncStartQuery>;

/** 202 of POST /api/v1/crm/:platform/sync. */
export const ZSyncStartResponse = z.object({
  runId: z.uuid(),
  /** True when a sync of this platform was already queued or running: runId is that run, and no new one started. */
  alreadyRunning: z.boolean(),
});
export type TSyncStartResponse = z.infer<typeof ZSyncStartResponse>;

const ZSyncError = z.object({ code: z.string(), message: z.string() });

/** One platform's outcome in POST /api/v1/crm/sync: a run, or why none could start. */
export const ZSyncStartResult = z.union([
  z.object({ platform: ZPlatform, runId: z.uuid(), alreadyRunning: z.boolean() }),
  z.object({ platform: ZPlatform, error: ZSyncError }),
]);
export type TSyncStartResult = z.infer<typeof ZSyncStartResult>;

/** 202 of POST /api/v1/crm/sync: one result per connected platform; one failing never blocks the others. */
export const ZSyncAllResponse = z.object({ results: z.array(ZSyncStartResult) });
export type TSyncAllResponse = z.infer<typeof ZSyncAllResponse>;

export const SYNC_RUNS_PAGE_DEFAULT = 20;
export const SYNC_RUNS_PAGE_MAX = 100;

/** GET /api/v1/crm/sync/runs: newest first; `cursor` is a `nextCursor` from the previous page. */
export const ZSyncRunListQuery = z.strictObject({
  platform: ZPlatform.optional(),
  limit: pageLimit(SYNC_RUNS_PAGE_MAX, SYNC_RUNS_PAGE_DEFAULT),
  cursor: pageCursor(512),
});
export type TSyncRunListQuery = z.output<typeof ZSyncRunListQuery>;

/** Path parameter of GET /api/v1/crm/sync/runs/:id. */
export const ZSyncRunParams = z.strictObject({ id: z.uuid() });

/** A sync run as the progress bar and the history show it. */
export const ZSyncRun = z.object({
  id: z.uuid(),
  platform: ZPlatform,
  kind: ZSyncKind,
  status: ZSyncRunStatus,
  counts: z.object({
    /** Records read from the CRM: contacts plus deletions. */
    fetched: z.number().int().nonnegative(),
    created: z.number().int().nonnegative(),
    updated: z.number().int().nonnegative(),
    /** Read again but identical to what we hold: not written. */
    unchanged: z.number().int().nonnegative(),
    deleted: z.number().int().nonnegative(),
    /** Records the CRM returned that could not be stored (no id). */
    failed: z.number().int().nonnegative(),
  }),
  pagesDone: z.number().int().nonnegative(),
  /** How many records the CRM says the run will read; null when it does not say. */
  estimatedTotal: z.number().int().nonnegative().nullable(),
  /** 0–100 where the total is known (100 once succeeded); null otherwise. */
  percent: z.number().int().min(0).max(100).nullable(),
  error: ZSyncError.nullable(),
  queuedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** Moves with every page while the run is alive. */
  updatedAt: z.iso.datetime(),
});
export type TSyncRun = z.infer<typeof ZSyncRun>;

export const ZSyncRunListResponse = z.object({ runs: z.array(ZSyncRun), nextCursor: z.string().nullable() });
export type TSyncRunListResponse = z.infer<typeof ZSyncRunListResponse>;
