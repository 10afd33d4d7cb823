import type { TPlatform } from '@voiceagent/shared';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { withService } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { ContactPage, ContactPageRequest, ProviderCursor } from '../crm-service';
import type { CredentialsService } from '../credentials/credentials-service';
import type { FieldCatalogueService } from '../fields/field-catalogue-service';
import { clearTargets, writeBackfillPage } from '../fields/backfill-repository';
import { loadFieldPlan } from '../fields/field-mappings-service';
import { restrictFieldPlan, type FieldPlan } from '../fields/field-plan';
import type { CrmRegistry } from '../registry';
import { cleanContactIndexPendingLists, deleteUnseenContacts, markContactsDeleted, recordSeen, upsertContactPage } from './contact-page-repository';
import { findConnectionSyncState, recordConnectionSynced, type ConnectionSyncState } from './connection-sync-repository';
import { mapContacts } from './map-contact';
import { recordSyncFoundChanges } from '../webhooks/webhook-connections-repository';
import { describeRunError, isTransientDatabaseError } from './sync-errors';
import * as runs from './sync-runs-repository';
import { computeWatermark, latestProviderTime, WATERMARK_SKEW_MS } from './sync-watermark';

export type SyncRunnerDeps = {
  pool: Pool;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  /** SYNC_DEFAULT_PHONE_REGION: after the contact's country and the connection's region. */
  defaultPhoneRegion: string;
  /** SYNC_DELETION_SCAN_HOURS: incremental runs ask for deletions this often (0: every run). Default 0. */
  deletionScanHours?: number;
  now?: () => number;
  /**
   * Reads the CRM's field catalogue before a run (marking mappings of fields the CRM lost as
   * broken); without it, runs use the mapping as it stands.
   */
  fields?: Pick<FieldCatalogueService, 'refreshForSync'>;
  /**
   * Runs after a full or incremental run succeeded, before the job ends (CRM list segments read
   * their members again, so that members the run just brought in join them). Never fails the run:
   * a throw is logged.
   */
  afterSync?: (userId: string, platform: TPlatform) => Promise<void>;
  /**
   * A run that wrote more rows than this (created, updated and deleted) merges the contacts' GIN
   * pending lists when it ends. Default PENDING_LIST_CLEAN_ROWS.
   */
  pendingListCleanRows?: number;
};

/**
 * Rows a run must write before it merges the GIN pending lists. Below it the list is small enough
 * that searches scan it cheaply and autovacuum merges it soon; above it, a list near
 * gin_pending_list_limit would cost every search until autovacuum came by.
 */
export const PENDING_LIST_CLEAN_ROWS = 1_000;

/**
 * `finished`: the run reached an end (succeeded, failed, cancelled) or is not ours to run.
 * `continue`: pages remain; the slice ran out or the process is stopping — hand the run on.
 * `paused`: the provider's API allowance is spent (or down to its reserve): hand the run on to
 * start at its `paused_until`.
 */
export type SliceOutcome = 'finished' | 'continue' | 'paused';

/** A pause shorter than this would only spend the allowance's last calls asking again. */
const MIN_PAUSE_SECONDS = 60;
/** Salesforce's allowance is a rolling 24 hours: nothing waits longer than a day. */
const MAX_PAUSE_SECONDS = 86_400;
const DEFAULT_PAUSE_SECONDS = 900;

export type SliceOptions = {
  /** Stop after the current page (graceful shutdown). */
  signal?: AbortSignal;
  /**
   * Start no page after this time (ms since epoch), so the job ends well before it times out. A page
   * read ahead before it is still written.
   */
  deadline: number;
};

type PageWrite = 'saved' | 'done' | 'stopped';

/** The next page's request, made while this page is written; settled, it never throws. */
type ReadAhead = Promise<{ page: ContactPage } | { error: unknown }>;

/** A provider cursor's phase (`changes` → `deletions`), where it has one; a run's first request has none. */
function cursorPhase(cursor: ProviderCursor | null): unknown {
  return cursor?.phase;
}

export type SyncRunner = ReturnType<typeof createSyncRunner>;

/**
 * Runs a sync run page by page: fetch a page from the provider, then write it — mapped rows in one
 * upsert, deletions, and the cursor and counts — in one transaction. Where the provider allows it
 * (`readsPagesAhead`), the next page's request is already in flight while a page is written, so
 * reading and writing overlap; memory holds at most two pages. A run resumed by another process
 * continues after the last page saved.
 */
export function createSyncRunner(deps: SyncRunnerDeps) {
  const { pool, registry, credentials, logger } = deps;
  const now = deps.now ?? Date.now;

  async function failRun(runId: string, error: unknown): Promise<SliceOutcome> {
    // An unreachable database is pg-boss's to retry later, with the cursor where the last page left it.
    if (isTransientDatabaseError(error)) throw error;
    const described = describeRunError(error);
    const log = described.code === 'internal_error' ? logger.error.bind(logger) : logger.warn.bind(logger);
    log({ runId, code: described.code, err: error instanceof AppError ? undefined : error }, `sync run failed: ${described.message}`);
    await withService(pool, (db) => runs.markFailed(db, runId, described));
    return 'finished';
  }

  /** The run keeps its cursor and waits; the job layer sends its next slice for `until`. */
  async function pauseRun(runId: string, error: AppError): Promise<SliceOutcome> {
    const asked = Number((error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
    const seconds = Math.min(MAX_PAUSE_SECONDS, Math.max(MIN_PAUSE_SECONDS, Number.isFinite(asked) ? asked : DEFAULT_PAUSE_SECONDS));
    const until = new Date(now() + seconds * 1000);
    const paused = await withService(pool, (db) => runs.markPaused(db, runId, { until, code: error.code, message: error.message }));
    if (!paused) return 'finished';
    logger.info({ runId, until: until.toISOString(), code: error.code }, `sync run paused: ${error.message}`);
    return 'paused';
  }

  /**
   * Whether an incremental run looks for deletions, and from when: from the last scan (so none is
   * skipped; not from the run's `since`, which in a quiet CRM lies far back). A provider that can
   * ask for deletions since a time does so every run; one that must read them all
   * (`deletionsNeedFullScan`) once SYNC_DELETION_SCAN_HOURS have passed since the last scan, else
   * not at all (null). Connections never scanned count from their last full sync, or from `since`.
   * Decided by the run's start time, not the clock: every slice of a run makes the same plan,
   * the one its provider cursor carries.
   */
  function planDeletionScan(run: runs.SyncRunRow, state: ConnectionSyncState | undefined, needsFullScan: boolean): Date | null {
    const lastScan = state?.deletions_checked_at ?? state?.last_full_sync_at ?? null;
    if (lastScan === null) return run.since;
    // Deletions before the last scan were seen by it; the margin is the watermark's, for clocks apart.
    const from = new Date(lastScan.getTime() - WATERMARK_SKEW_MS);
    const intervalMs = (deps.deletionScanHours ?? 0) * 3_600_000;
    if (!needsFullScan || intervalMs === 0) return from;
    const startedAt = run.started_at?.getTime() ?? now();
    return startedAt - lastScan.getTime() >= intervalMs ? from : null;
  }

  async function writePage(
    db: PoolClient,
    run: runs.SyncRunRow,
    expectedPagesDone: number,
    page: ContactPage,
    regions: Array<string | null>,
    deletionsScanned: boolean,
    plan: FieldPlan,
  ): Promise<PageWrite> {
    const lock = await runs.lockRun(db, run.id);
    // Cancelled (disconnected) or failed meanwhile; or another worker already wrote this page.
    if (lock?.status !== 'running' || lock.pages_done !== expectedPagesDone) return 'stopped';
    if (run.kind === 'backfill') return writeBackfill(db, run, expectedPagesDone, page, plan);
    const mapped = mapContacts(page.contacts, regions, plan);
    const counts = await upsertContactPage(db, run.user_id, run.platform, mapped.rows);
    const deleted = await markContactsDeleted(db, run.user_id, run.platform, page.deleted);
    if (run.kind === 'full') await recordSeen(db, run.id, mapped.rows.map((row) => row.external_id));
    await runs.savePageProgress(db, run.id, {
      cursor: page.nextCursor,
      fetched: page.contacts.length + page.deleted.length,
      ...counts,
      deleted,
      failed: mapped.failed,
      estimatedTotal: page.estimatedTotal,
      maxSeenAt: latestProviderTime(page),
    });
    if (page.nextCursor !== null) return 'saved';

    const startedAt = run.started_at ?? new Date(now());
    if (run.kind === 'full') {
      await runs.addDeleted(db, run.id, await deleteUnseenContacts(db, { runId: run.id, userId: run.user_id, platform: run.platform, runStartedAt: startedAt }));
    }
    const finished = await runs.markSucceeded(db, run.id);
    await recordConnectionSynced(db, {
      userId: run.user_id,
      platform: run.platform,
      kind: run.kind,
      watermark: computeWatermark(finished.max_seen_at, startedAt),
      deletionsCheckedAt: run.kind === 'full' || deletionsScanned ? startedAt : null,
    });
    // Changes a sync had to find are changes webhooks did not bring (their health reads this).
    if (run.kind === 'incremental' && finished.created + finished.updated + finished.deleted > 0) await recordSyncFoundChanges(db, run.user_id, run.platform);
    logger.info(
      { runId: run.id, platform: run.platform, kind: run.kind, pages: finished.pages_done, fetched: finished.fetched, created: finished.created, updated: finished.updated, unchanged: finished.unchanged, deleted: finished.deleted },
      'sync run succeeded',
    );
    return 'done';
  }

  /**
   * A backfill's page: the changed fields' values on the contacts we hold (their other columns are
   * not touched; contacts we do not hold yet come with the next sync). Its first page first clears
   * the changed fields on every contact, so that removed ones are gone and the pages refill the rest.
   */
  async function writeBackfill(db: PoolClient, run: runs.SyncRunRow, pagesDone: number, page: ContactPage, plan: FieldPlan): Promise<PageWrite> {
    const targets = run.backfill_targets ?? [];
    if (pagesDone === 0) await clearTargets(db, { userId: run.user_id, platform: run.platform, targets });
    const rows = mapContacts(page.contacts, [], plan).rows;
    const written = await writeBackfillPage(db, { userId: run.user_id, platform: run.platform, targets, rows });
    await runs.savePageProgress(db, run.id, {
      cursor: page.nextCursor,
      fetched: page.contacts.length,
      created: 0,
      updated: written,
      unchanged: rows.length - written,
      deleted: 0,
      failed: page.contacts.length - rows.length,
      estimatedTotal: page.estimatedTotal,
      maxSeenAt: null,
    });
    if (page.nextCursor !== null) return 'saved';
    const finished = await runs.markSucceeded(db, run.id);
    logger.info({ runId: run.id, platform: run.platform, kind: run.kind, targets, pages: finished.pages_done, updated: finished.updated }, 'field backfill succeeded');
    return 'done';
  }

  /** A backfill whose fields were all unmapped reads nothing from the CRM: it clears them and is done. */
  async function clearOnlyBackfill(run: runs.SyncRunRow): Promise<SliceOutcome> {
    await withService(pool, async (db) => {
      const lock = await runs.lockRun(db, run.id);
      if (lock?.status !== 'running') return;
      await clearTargets(db, { userId: run.user_id, platform: run.platform, targets: run.backfill_targets ?? [] });
      await runs.markSucceeded(db, run.id);
    });
    return 'finished';
  }

  /**
   * After a run that wrote many rows: the GIN pending lists it filled are merged now, in a
   * transaction of their own after the run's last commit, rather than read by every search until
   * autovacuum merges them. Never fails the run: a throw is logged.
   */
  async function cleanPendingLists(runId: string): Promise<void> {
    try {
      await withService(pool, async (db) => {
        const finished = await runs.findRun(db, runId);
        const written = finished ? finished.created + finished.updated + finished.deleted : 0;
        if (written <= (deps.pendingListCleanRows ?? PENDING_LIST_CLEAN_ROWS)) return;
        const pages = await cleanContactIndexPendingLists(db);
        logger.info({ runId, written, pages }, 'merged the contacts search indexes\' pending lists after a large sync');
      });
    } catch (error) {
      logger.warn({ err: error, runId }, 'merging the contacts search indexes\' pending lists failed; the run stands');
    }
  }

  async function runAfterSync(run: runs.SyncRunRow): Promise<void> {
    try {
      await deps.afterSync?.(run.user_id, run.platform);
    } catch (error) {
      logger.warn({ err: error, runId: run.id, platform: run.platform }, 'after-sync work failed; the run stands');
    }
  }

  return {
    async runSlice(runId: string, options: SliceOptions): Promise<SliceOutcome> {
      const claimed = await withService(pool, (db) => runs.claimRun(db, runId));
      if (!claimed) return 'finished';
      let run = claimed;
      const settings = await withService(pool, (db) => findConnectionSyncState(db, claimed.user_id, claimed.platform));
      const regions = [settings?.default_phone_region ?? null, deps.defaultPhoneRegion];
      let deletionsSince: Date | null = null;
      let cursor: ProviderCursor | null = run.cursor;
      let pagesDone = run.pages_done;
      const isBackfill = run.kind === 'backfill';
      // A backfill's mapping was checked against the catalogue when it was saved.
      if (pagesDone === 0 && cursor === null && !isBackfill) await deps.fields?.refreshForSync(run.user_id, run.platform, { onlyIfStale: run.kind === 'incremental' });
      // Mapped fields that are not broken: asked for with every page, typed into every row (a
      // backfill's: only those of the targets it rewrites).
      const loadPlan = async () => restrictFieldPlan(await loadFieldPlan(pool, run.user_id, run.platform), run.backfill_targets);
      let plan = await loadPlan();
      if (isBackfill && plan.rules.length === 0) return clearOnlyBackfill(run);
      let catalogueRereadAfterRefusal = false;

      const fetchPage = async (from: ProviderCursor | null): Promise<ContactPage> => {
        const service = registry.get(run.platform);
        // The same plan for every page of a run (see planDeletionScan), whether read ahead or not.
        deletionsSince = planDeletionScan(run, settings, service.deletionsNeedFullScan);
        // Built before the first await: a read-ahead asks with the run and plan of its time.
        const request: ContactPageRequest = {
          // A backfill reads like a full sync, its mapped fields alone.
          kind: run.kind === 'incremental' ? 'incremental' : 'full',
          since: run.since,
          deletionsSince,
          cursor: from,
          fields: plan.fields,
          fieldsOnly: isBackfill,
        };
        const session = await credentials.getSession(run.user_id, run.platform);
        return service.fetchContactsPage(session, request);
      };
      /**
       * The read-ahead for the page after `cursor`, if one is in flight. A run that stops waits for
       * it and throws it away (nothing of it is written or saved): a stop costs at most that one request.
       */
      let readAhead: ReadAhead | null = null;
      const settle = async <T>(outcome: T): Promise<T> => {
        const pending = readAhead;
        readAhead = null;
        if (pending) await pending;
        return outcome;
      };

      for (;;) {
        let page: ContactPage;
        try {
          // A page read ahead is awaited before the check, so that a run stopped meanwhile asks for nothing more.
          const ahead = readAhead;
          readAhead = null;
          const settled = ahead ? await ahead : null;
          const status = await withService(pool, (db) => runs.findRun(db, runId));
          if (status?.status !== 'running') return 'finished';
          if (settled) {
            // Its error, if any, is handled here exactly as if the request were made now.
            if ('error' in settled) throw settled.error;
            page = settled.page;
          } else {
            page = await fetchPage(cursor);
          }
          if (page.nextCursor !== null && cursor !== null && JSON.stringify(page.nextCursor) === JSON.stringify(cursor)) {
            throw new AppError('provider_rejected', `${run.platform} returned the same page cursor twice; stopped so as not to loop forever`);
          }
        } catch (error) {
          await settle(null);
          if (error instanceof AppError && error.code === 'provider_quota_exhausted') return pauseRun(runId, error);
          // A CRM that refuses the page may refuse a mapped field it no longer has (Salesforce's
          // INVALID_FIELD): read the catalogue once, which marks such mappings broken, and ask again without them.
          if (error instanceof AppError && error.code === 'provider_rejected' && plan.rules.length > 0 && deps.fields && !catalogueRereadAfterRefusal) {
            catalogueRereadAfterRefusal = true;
            await deps.fields.refreshForSync(run.user_id, run.platform, { onlyIfStale: false });
            plan = await loadPlan();
            if (isBackfill && plan.rules.length === 0) return clearOnlyBackfill(run);
            continue;
          }
          return failRun(runId, error);
        }

        if (page.restartAsFull && run.kind === 'incremental') {
          const restarted = await withService(pool, (db) => runs.restartAsFull(db, runId));
          if (!restarted) return 'finished';
          logger.info({ runId, platform: run.platform, since: run.since }, 'incremental sync restarted as a full sync: the provider keeps no history that far back');
          run = restarted;
          cursor = null;
          continue;
        }

        const deletionsScanned = deletionsSince !== null;
        // Read ahead only where the next request is already known and will be made: not after the
        // last page, not when the slice is ending, not into another phase (an incremental run's
        // first page may already lead into its deletion scan).
        const next = page.nextCursor;
        const readingOn = !(options.signal?.aborted || now() >= options.deadline);
        if (next !== null && readingOn && registry.get(run.platform).readsPagesAhead && (run.kind !== 'incremental' || cursorPhase(cursor) === cursorPhase(next))) {
          readAhead = fetchPage(next).then(
            (nextPage) => ({ page: nextPage }),
            (error: unknown) => ({ error }),
          );
        }

        let written: PageWrite;
        try {
          const current = run;
          const currentPlan = plan;
          written = await withService(pool, (db) => writePage(db, current, pagesDone, page, regions, deletionsScanned, currentPlan));
        } catch (error) {
          await settle(null);
          return failRun(runId, error);
        }
        if (written !== 'saved') await settle(null);
        if (written === 'done') await cleanPendingLists(runId);
        if (written === 'done' && !isBackfill) await runAfterSync(run);
        if (written !== 'saved') return 'finished';
        cursor = page.nextCursor;
        pagesDone += 1;
        // A stopping process throws the read-ahead away; at the deadline, a page already asked for
        // (before it) is still written, so that ending a slice costs no request.
        if (options.signal?.aborted) return settle('continue');
        if (now() >= options.deadline && readAhead === null) return 'continue';
      }
    },
  };
}
