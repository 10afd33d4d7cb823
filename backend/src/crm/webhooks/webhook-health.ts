import type { TWebhookHealth } from '@voiceagent/shared';

/** The health columns of a connection (0201). */
export type WebhookHealthColumns = {
  webhook_last_event_at: Date | null;
  webhook_last_lag_ms: number | null;
  webhook_sync_found_changes_at: Date | null;
};

/**
 * off: no event ever came. degraded: an incremental sync found changes at a time when no event
 * had come for `degradedAfterMinutes` — the CRM changed and did not tell us. Healthy otherwise,
 * including a quiet CRM (no event and nothing for the sync to find). The same rule, in SQL, is
 * `webhooksHealthySql`, which the scheduler uses.
 */
export function describeWebhookHealth(row: WebhookHealthColumns, degradedAfterMinutes: number): TWebhookHealth {
  const lastEventAt = row.webhook_last_event_at;
  const lagMs = row.webhook_last_lag_ms;
  if (lastEventAt === null) return { status: 'off', lastEventAt: null, lagMs };
  const foundChangesAt = row.webhook_sync_found_changes_at?.getTime() ?? null;
  const isDegraded = foundChangesAt !== null && foundChangesAt - lastEventAt.getTime() > degradedAfterMinutes * 60_000;
  return { status: isDegraded ? 'degraded' : 'healthy', lastEventAt: lastEventAt.toISOString(), lagMs };
}

/** `describeWebhookHealth(…).status === 'healthy'` for the credentials row `alias`, with the minutes as parameter `minutesParam`. */
export function webhooksHealthySql(alias: string, minutesParam: string): string {
  return `(${alias}.webhook_last_event_at is not null and (${alias}.webhook_sync_found_changes_at is null
    or ${alias}.webhook_sync_found_changes_at <= ${alias}.webhook_last_event_at + make_interval(mins => ${minutesParam})))`;
}
