import type { Pool } from 'pg';
import { CALL_RESULT_STATUSES, type TCampaignAnalytics, type TCampaignAnalyticsQuery, type THeatMapChart, type TTableChart } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import { platformItemSeries, platformSeries, ratio, toTable, toTimeSeries } from './analytics-charts';
import { openAnalyticsWindow, type AnalyticsWindowSettings } from './analytics-window';
import * as repository from './campaign-analytics-repository';
import * as rollup from './campaign-analytics-rollup-repository';
import { isRollupAnswerable } from './rollup-eligibility';

const STATUS_LABELS: Record<(typeof CALL_RESULT_STATUSES)[number], string> = {
  completed: 'answered',
  voicemail: 'voicemail',
  no_answer: 'no answer',
  busy: 'busy',
  failed: 'failed',
};
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`);

export type CampaignAnalyticsService = ReturnType<typeof createCampaignAnalyticsService>;

export function createCampaignAnalyticsService(pool: Pool, settings: AnalyticsWindowSettings) {
  return {
    async getCampaignAnalytics(user: AuthenticatedUser, query: TCampaignAnalyticsQuery): Promise<TCampaignAnalytics> {
      return withUser(pool, user.claims, async (db) => {
        const window = await openAnalyticsWindow(db, user.id, query, settings);
        if (query.field && !(await repository.hasCustomField(db, user.id, query.field))) {
          throw new AppError('validation_failed', `No custom field "${query.field}"`, { issues: [{ field: 'field', message: 'a custom field key of yours' }] });
        }
        // The rollups hold no custom field: a request for one reads the raw calls.
        const fromRollup = !query.field && (await isRollupAnswerable(db, window));
        if (!fromRollup) await repository.allowAggregationMemory(db);
        const { outcomes, durations, campaigns } = fromRollup ? await rollup.countCallsFromRollup(db, window) : await repository.countCalls(db, window);
        const { cells, stages, field: fieldRows } = fromRollup
          ? { ...(await rollup.countCallsByContactFromRollup(db, window)), field: null }
          : await repository.countCallsByContact(db, window, query.field ?? null);

        const calls = cells.reduce((sum, cell) => sum + cell.calls, 0);
        const answered = cells.reduce((sum, cell) => sum + cell.answered, 0);
        const statusItems = CALL_RESULT_STATUSES.map((status) => ({ key: status, label: STATUS_LABELS[status] }));
        return {
          meta: window.meta,
          totals: { calls, answered, rate: ratio(answered, calls) },
          outcomes: toTimeSeries(window, { key: 'outcomes', title: 'Call outcomes', unit: 'count' }, platformItemSeries(window, statusItems), outcomes, 0),
          answerHeatMap: toHeatMap(cells),
          answeredDuration: toTimeSeries(window, { key: 'answeredDuration', title: 'Average answered call duration', unit: 'seconds' }, platformSeries(window), durations, null),
          answerRateByLifecycleStage: toRateTable('answerRateByLifecycleStage', 'Answer rate by lifecycle stage', 'Lifecycle stage', stages),
          answerRateByField: fieldRows ? toRateTable('answerRateByField', `Answer rate by ${query.field}`, query.field!, fieldRows) : null,
          campaigns: toTable(
            { key: 'campaigns', title: 'Campaigns side by side' },
            [
              { key: 'id', label: 'Id', unit: 'text' },
              { key: 'name', label: 'Campaign', unit: 'text' },
              { key: 'status', label: 'Status', unit: 'text' },
              { key: 'contacts', label: 'Contacts', unit: 'count' },
              { key: 'calls', label: 'Calls', unit: 'count' },
              { key: 'answered', label: 'Answered', unit: 'count' },
              { key: 'rate', label: 'Answer rate', unit: 'ratio' },
              { key: 'meanAnsweredSeconds', label: 'Average answered duration', unit: 'seconds' },
              { key: 'writtenBack', label: 'Written back', unit: 'count' },
            ],
            campaigns.map((row) => ({
              id: row.id,
              name: row.name,
              status: row.status,
              contacts: row.contacts,
              calls: row.calls,
              answered: row.answered,
              rate: ratio(row.answered, row.calls),
              meanAnsweredSeconds: row.mean_answered_seconds,
              writtenBack: row.written_back,
            })),
          ),
        };
      });
    },
  };
}

function toHeatMap(cells: readonly repository.HeatCellRow[]): THeatMapChart {
  const grid = () => WEEKDAYS.map(() => HOURS.map(() => 0));
  const calls = grid();
  const answered = grid();
  for (const cell of cells) {
    calls[cell.weekday - 1]![cell.hour] = cell.calls;
    answered[cell.weekday - 1]![cell.hour] = cell.answered;
  }
  const rate = calls.map((row, day) => row.map((count, hour) => ratio(answered[day]![hour]!, count)));
  return { kind: 'heatmap', key: 'answerHeatMap', title: 'Answer rate by the contact\'s local weekday and hour', unit: 'ratio', rowLabels: WEEKDAYS, columnLabels: HOURS, calls, answered, rate };
}

function toRateTable(key: string, title: string, valueLabel: string, rows: readonly repository.RateRow[]): TTableChart {
  return toTable(
    { key, title },
    [
      { key: 'platform', label: 'CRM', unit: 'platform' },
      { key: 'value', label: valueLabel, unit: 'text' },
      { key: 'calls', label: 'Calls', unit: 'count' },
      { key: 'answered', label: 'Answered', unit: 'count' },
      { key: 'rate', label: 'Answer rate', unit: 'ratio' },
    ],
    rows.map((row) => ({ platform: row.platform, value: row.value, calls: row.calls, answered: row.answered, rate: ratio(row.answered, row.calls) })),
  );
}
