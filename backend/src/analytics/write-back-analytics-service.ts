import type { Pool } from 'pg';
import type { TWriteBackAnalytics, TWriteBackAnalyticsQuery } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withUser } from '../db/transactions';
import { platformItemSeries, platformSeries, ratio, toTable, toTimeSeries } from './analytics-charts';
import { openAnalyticsWindow, type AnalyticsWindowSettings } from './analytics-window';
import { allowAggregationMemory } from './campaign-analytics-repository';
import * as repository from './write-back-analytics-repository';
import * as rollup from './write-back-analytics-rollup-repository';
import { isRollupAnswerable } from './rollup-eligibility';

const QUANTILES = [
  { key: 'p50', label: 'median' },
  { key: 'p95', label: '95th percentile' },
];

export type WriteBackAnalyticsService = ReturnType<typeof createWriteBackAnalyticsService>;

export function createWriteBackAnalyticsService(pool: Pool, settings: AnalyticsWindowSettings) {
  return {
    async getWriteBackAnalytics(user: AuthenticatedUser, query: TWriteBackAnalyticsQuery): Promise<TWriteBackAnalytics> {
      return withUser(pool, user.claims, async (db) => {
        const window = await openAnalyticsWindow(db, user.id, query, settings);
        const fromRollup = await isRollupAnswerable(db, window);
        if (!fromRollup) await allowAggregationMemory(db);
        const { rates, latency, totals } = fromRollup ? await rollup.measureWriteBacksFromRollup(db, window) : await repository.measureWriteBacks(db, window);
        const failures = fromRollup ? await rollup.countFailuresByReasonFromRollup(db, window) : await repository.countFailuresByReason(db, window);
        return {
          meta: window.meta,
          totals: { ...totals, rate: ratio(totals.succeeded, totals.succeeded + totals.failed) },
          successRate: toTimeSeries(window, { key: 'successRate', title: 'Write-back success rate', unit: 'ratio' }, platformSeries(window), rates, null),
          latency: toTimeSeries(
            window,
            { key: 'latency', title: 'Latency from the end of the call to the CRM (seconds)', unit: 'seconds' },
            platformItemSeries(window, QUANTILES),
            latency,
            null,
          ),
          failuresByReason: toTable(
            { key: 'failuresByReason', title: 'Write-back failures by reason' },
            [
              { key: 'platform', label: 'CRM', unit: 'platform' },
              { key: 'code', label: 'Reason', unit: 'text' },
              { key: 'failures', label: 'Failures', unit: 'count' },
              { key: 'lastMessage', label: 'Latest message', unit: 'text' },
              { key: 'lastAt', label: 'Latest', unit: 'datetime' },
            ],
            failures.map((row) => ({ platform: row.platform, code: row.code, failures: row.failures, lastMessage: row.last_message, lastAt: row.last_at.toISOString() })),
          ),
        };
      });
    },
  };
}
