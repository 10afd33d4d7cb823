import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { LiveEventsService } from './live-events-service';

const RETENTION_QUEUE = 'live-events-retention';

/** Every ten minutes, on one worker, live events older than an hour are deleted. */
export async function startLiveEventsRetention(boss: PgBoss, liveEvents: Pick<LiveEventsService, 'pruneExpired'>, logger: Logger): Promise<void> {
  await boss.createQueue(RETENTION_QUEUE, { name: RETENTION_QUEUE, policy: 'singleton', expireInSeconds: 300, retryLimit: 2 });
  await boss.schedule(RETENTION_QUEUE, '*/10 * * * *', {}, { retryLimit: 2 });
  await boss.work(RETENTION_QUEUE, { batchSize: 1 }, async () => {
    const deleted = await liveEvents.pruneExpired();
    if (deleted > 0) logger.debug({ deleted }, 'live events: expired events deleted');
  });
}
