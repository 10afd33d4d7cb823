import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { AuditService } from './audit-service';

const RETENTION_QUEUE = 'audit-retention';

/** Once a day, on one worker, the activity log forgets what is older than AUDIT_RETENTION_DAYS. */
export async function startAuditRetention(boss: PgBoss, audit: Pick<AuditService, 'pruneExpired'>, logger: Logger): Promise<void> {
  await boss.createQueue(RETENTION_QUEUE, { name: RETENTION_QUEUE, policy: 'singleton', expireInSeconds: 600, retryLimit: 2 });
  await boss.schedule(RETENTION_QUEUE, '17 3 * * *', {}, { retryLimit: 2 });
  await boss.work(RETENTION_QUEUE, { batchSize: 1 }, async () => {
    const deleted = await audit.pruneExpired();
    if (deleted > 0) logger.info({ deleted }, 'activity log: expired events deleted');
  });
}
