import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { ChangeChannelsService } from './change-channels-service';

const RENEWAL_QUEUE = 'crm-change-channel-renewal';

/**
 * Every five minutes, on one worker at a time: renew channels before they expire, re-register
 * those the CRM dropped, retry failed registrations. Five minutes is far inside the renewal
 * window (ZOHO_WATCH_RENEW_BEFORE_MINUTES, at least 10), so a channel is renewed many times
 * over before it could lapse, even across a few failed runs.
 */
export async function startChangeChannelRenewal(boss: PgBoss, channels: Pick<ChangeChannelsService, 'renewDue'>, logger: Logger): Promise<void> {
  await boss.createQueue(RENEWAL_QUEUE, { name: RENEWAL_QUEUE, policy: 'singleton', expireInSeconds: 600, retryLimit: 0 });
  await boss.schedule(RENEWAL_QUEUE, '*/5 * * * *', {}, { retryLimit: 0 });
  await boss.work(RENEWAL_QUEUE, { batchSize: 1 }, async () => {
    const result = await channels.renewDue();
    if (result.renewed + result.registered + result.failed > 0) logger.info(result, 'change channels: renewal run');
  });
}
