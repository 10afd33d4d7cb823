import type { Pool } from 'pg';
import { type TPlatform, type TSyncAnalytics, type TSyncAnalyticsQuery } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withService, withUser } from '../db/transactions';
import { platformItemSeries, platformSeries, ratio, toTable, toTimeSeries, type BucketRow } from './analytics-charts';
import { openAnalyticsWindow, type AnalyticsWindowSettings } from './analytics-window';
import * as repository from './sync-analytics-repository';

const RESULTS = [
  { key: 'succeeded', label: 'succeeded' },
  { key: 'failed', label: 'failed' },
  { key: 'cancelled', label: 'cancelled' },
];
const QUANTILES = [
  { key: 'p50', label: 'median' },
  { key: 'p95', label: '95th percentile' },
];

/** What the user does about a connection's problem. */
function actionFor(status: string, code: string | null): string {
  if (status === 'needs_reauth' || code === 'crm_auth_revoked') return 'Reconnect the CRM: its authorization was revoked or expired.';
  if (code === 'provider_quota_exhausted' || code === 'provider_rate_limited') return 'Wait for the CRM\'s API allowance to reset; the next sync resumes by itself.';
  if (code === 'provider_unavailable' || code === 'provider_timeout') return 'The CRM did not answer; start the sync again later.';
  return 'Start the sync again; if it fails again, check the connection\'s settings and field mappings.';
}

export type SyncAnalyticsService = ReturnType<typeof createSyncAnalyticsService>;

export function createSyncAnalyticsService(pool: Pool, settings: AnalyticsWindowSettings) {
  return {
    async getSyncAnalytics(user: AuthenticatedUser, query: TSyncAnalyticsQuery): Promise<TSyncAnalytics> {
      // Sync is per connection: the segment does not narrow it.
      const sectionQuery = { ...query, segment: undefined };
      const own = await withUser(pool, user.claims, async (db) => {
        const window = await openAnalyticsWindow(db, user.id, sectionQuery, settings);
        return {
          window,
          runs: await repository.countRunsByResult(db, window),
          speed: await repository.measureRunSpeed(db, window),
          connections: await repository.readConnectionStates(db, window),
        };
      });
      const server = await withService(pool, async (db) => {
        const window = await openAnalyticsWindow(db, user.id, sectionQuery, settings);
        return { lag: await repository.measureWebhookLag(db, window), budgets: await repository.readProviderBudgets(db, window) };
      });
      const { window } = own;
      const durations: BucketRow[] = own.speed.map((row) => ({ bucket: row.bucket, key: row.platform, value: row.mean_seconds }));
      const throughput: BucketRow[] = own.speed.map((row) => ({ bucket: row.bucket, key: row.platform, value: row.per_second }));
      const problems = own.connections.flatMap((row) => {
        if (row.status !== 'connected') {
          return [{ platform: row.platform, code: row.error_code ?? row.status, message: row.error_message ?? `The connection is ${row.status}`, since: row.since.toISOString(), action: actionFor(row.status, row.error_code) }];
        }
        if (row.last_run_status === 'failed') {
          return [{
            platform: row.platform,
            code: row.last_run_error_code ?? 'sync_failed',
            message: row.last_run_error_message ?? 'The last sync failed',
            since: row.last_run_finished_at?.toISOString() ?? null,
            action: actionFor(row.status, row.last_run_error_code),
          }];
        }
        return [];
      });
      return {
        meta: window.meta,
        runsByResult: toTimeSeries(window, { key: 'runsByResult', title: 'Sync runs by result', unit: 'count' }, platformItemSeries(window, RESULTS), own.runs, 0),
        duration: toTimeSeries(window, { key: 'duration', title: 'Average duration of successful runs', unit: 'seconds' }, platformSeries(window), durations, null),
        throughput: toTimeSeries(window, { key: 'throughput', title: 'Contacts fetched per second', unit: 'per_second' }, platformSeries(window), throughput, null),
        apiUsage: toTable(
          { key: 'apiUsage', title: 'Provider API use against its limits, now' },
          [
            { key: 'platform', label: 'CRM', unit: 'platform' },
            { key: 'limiter', label: 'Limit', unit: 'text' },
            { key: 'used', label: 'Used', unit: 'count' },
            { key: 'limit', label: 'Limit size', unit: 'count' },
            { key: 'share', label: 'Share used', unit: 'ratio' },
            { key: 'refillPerSecond', label: 'Refill per second', unit: 'per_second' },
          ],
          server.budgets.map((row) => {
            const used = Math.max(0, Math.round((row.capacity - row.available) * 1000) / 1000);
            return { platform: row.platform as TPlatform, limiter: row.limiter, used, limit: row.capacity, share: ratio(used, row.capacity), refillPerSecond: row.per_second };
          }),
        ),
        webhookLag: toTimeSeries(
          window,
          { key: 'webhookLag', title: 'Webhook lag, from the CRM\'s change to here (seconds)', unit: 'seconds' },
          platformItemSeries(window, QUANTILES),
          server.lag,
          null,
        ),
        currentErrors: toTable(
          { key: 'currentErrors', title: 'Current errors, and what to do' },
          [
            { key: 'platform', label: 'CRM', unit: 'platform' },
            { key: 'code', label: 'Error', unit: 'text' },
            { key: 'message', label: 'Message', unit: 'text' },
            { key: 'since', label: 'Since', unit: 'datetime' },
            { key: 'action', label: 'What to do', unit: 'text' },
          ],
          problems,
        ),
      };
    },
  };
}
