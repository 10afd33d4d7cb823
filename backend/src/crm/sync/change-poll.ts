import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TPlatform } from '@voiceagent/shared';
import { withService } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { CredentialsService } from '../credentials/credentials-service';
import { hasChangePoll } from '../crm-service';
import type { CrmRegistry } from '../registry';
import { claimDuePolls, clearChangePollPause, saveChangePollMark, saveChangePollPause, type DuePoll } from './change-poll-repository';
import type { SyncService } from './sync-service';

export type ChangePollerDeps = {
  pool: Pool;
  registry: Pick<CrmRegistry, 'configured'>;
  credentials: Pick<CredentialsService, 'getSession'>;
  sync: Pick<SyncService, 'startSync'>;
  logger: Logger;
  /** Seconds between two checks of one connection, per platform that supports them; 0 or absent: none. */
  intervalSeconds: Partial<Record<TPlatform, number>>;
};

/** Connections claimed per platform and tick; more wait for the next tick. */
const CLAIMS_PER_TICK = 200;
/** Checks in flight at once in one process. */
const CONCURRENT_CHECKS = 8;

export type ChangePoller = ReturnType<typeof createChangePoller>;

/**
 * Near-real-time sync of CRMs that push nothing (Salesforce): every interval each connection is
 * asked, in one request, whether anything changed since the last answer; only then is its
 * incremental sync queued, the same run the scheduler and the sync button start. The scheduled
 * sync stays as the safety net (a change the check cannot see, such as one purged from the
 * recycle bin, or written with an older stamp than one already seen).
 */
export function createChangePoller(deps: ChangePollerDeps) {
  const { pool, logger } = deps;
  const platforms = deps.registry.configured().filter((crm) => hasChangePoll(crm) && (deps.intervalSeconds[crm.platform] ?? 0) > 0);
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  /**
   * The CRM's API allowance for us is down to what its other integrations need (or spent): the
   * check asked nothing, or was refused. Said on the connection, where its real-time health shows;
   * the next due check tries again, and the first that goes out clears it.
   */
  async function pause(due: DuePoll, error: AppError): Promise<'paused'> {
    const scope = { userId: due.user_id, platform: due.platform };
    if (due.change_poll_paused_at === null) logger.info({ ...scope, code: error.code }, 'change checks paused: the CRM’s API allowance is down to the reserve');
    await withService(pool, (db) => saveChangePollPause(db, { ...scope, code: error.code, message: error.message })).catch((saveError: unknown) =>
      logger.warn({ err: saveError, ...scope }, 'the change check’s pause could not be recorded'),
    );
    return 'paused';
  }

  async function check(due: DuePoll): Promise<'changed' | 'unchanged' | 'failed' | 'paused'> {
    const crm = platforms.find((candidate) => candidate.platform === due.platform);
    if (!crm || !hasChangePoll(crm)) return 'unchanged';
    try {
      const session = await deps.credentials.getSession(due.user_id, due.platform);
      const result = await crm.pollChanges(session, { mark: due.change_poll_mark, since: due.sync_watermark });
      if (due.change_poll_paused_at !== null) {
        await withService(pool, (db) => clearChangePollPause(db, { userId: due.user_id, platform: due.platform }));
        logger.info({ userId: due.user_id, platform: due.platform }, 'change checks resumed');
      }
      // The sync first: if queuing it fails, the mark stays and the next check sees the change again.
      if (result.changed) await deps.sync.startSync({ id: due.user_id }, due.platform, 'incremental');
      if (result.mark !== null && result.mark !== due.change_poll_mark) {
        const mark = result.mark;
        await withService(pool, (db) => saveChangePollMark(db, { userId: due.user_id, platform: due.platform, mark }));
      }
      return result.changed ? 'changed' : 'unchanged';
    } catch (error) {
      if (error instanceof AppError && error.code === 'provider_quota_exhausted') return pause(due, error);
      // A revoked grant is marked on the connection by the credentials layer; the claim skips it from then on.
      const code = error instanceof AppError ? error.code : undefined;
      logger.warn({ err: error, code, userId: due.user_id, platform: due.platform }, 'change check failed; the next one tries again');
      return 'failed';
    }
  }

  /** One round: claim what is due on every polled platform, check it, queue the syncs. `paused`: not asked, or refused, for the CRM's API allowance. */
  async function tick(): Promise<{ checked: number; changed: number; failed: number; paused: number }> {
    const counts = { checked: 0, changed: 0, failed: 0, paused: 0 };
    for (const crm of platforms) {
      const intervalSeconds = deps.intervalSeconds[crm.platform] ?? 0;
      const due = await withService(pool, (db) => claimDuePolls(db, { platforms: [crm.platform], intervalSeconds, limit: CLAIMS_PER_TICK }));
      for (let start = 0; start < due.length; start += CONCURRENT_CHECKS) {
        const outcomes = await Promise.all(due.slice(start, start + CONCURRENT_CHECKS).map(check));
        counts.checked += outcomes.length;
        counts.changed += outcomes.filter((outcome) => outcome === 'changed').length;
        counts.failed += outcomes.filter((outcome) => outcome === 'failed').length;
        counts.paused += outcomes.filter((outcome) => outcome === 'paused').length;
      }
    }
    if (counts.changed > 0) logger.info(counts, 'change checks queued syncs');
    return counts;
  }

  return {
    /** Whether any configured platform is polled (at a non-zero interval). */
    isActive: platforms.length > 0,
    tick,

    /**
     * Ticks a few times per interval (the claim decides which connections are due), so a
     * connection is checked within about an interval and a quarter of the last check.
     */
    start(): void {
      if (platforms.length === 0 || timer) return;
      const shortest = Math.min(...platforms.map((crm) => deps.intervalSeconds[crm.platform] ?? 60));
      const periodMs = Math.min(15_000, Math.max(250, (shortest * 1000) / 4));
      timer = setInterval(() => {
        if (ticking) return;
        ticking = tick()
          .then(() => undefined)
          .catch((error: unknown) => logger.error({ err: error }, 'change check tick failed'))
          .finally(() => {
            ticking = undefined;
          });
      }, periodMs);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
    },
  };
}
