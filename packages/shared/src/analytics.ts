import { z } from 'zod';
import { ZTimeZoneName } from './calling-rules';
import { PLATFORMS, ZPlatform } from './platforms';

/**
 * The analytics dashboard's contract (issue 19): four sections, one endpoint each, every figure a
 * chart ready to draw. Every chart is one of three shapes (a time series, a table, a heat map),
 * so that the web app draws, tabulates (the accessible alternative) and writes CSV for any of
 * them with one component each, and the server writes any of them as CSV the same way.
 */

export const ANALYTICS_GRANULARITIES = ['hour', 'day', 'week'] as const;
export const ZAnalyticsGranularity = z.enum(ANALYTICS_GRANULARITIES);
export type TAnalyticsGranularity = z.infer<typeof ZAnalyticsGranularity>;

/** Limits of a range: beyond them a request is a 400 (too many buckets to draw, or to compute fast). */
export const ANALYTICS_MAX_RANGE_DAYS = 400;
export const ANALYTICS_MAX_HOURLY_RANGE_DAYS = 31;

const DAY_MS = 86_400_000;

// A copy of ZPlatform for nullable places: the named schema made nullable is drawn differently in
// the whole OpenAPI document than in one operation's, so these stay inline.
const ZNullablePlatform = z.enum(PLATFORMS).nullable();

/** Range rules shared by the four queries: from < to, at most 400 days, hourly at most 31 days. */
function checkAnalyticsRange(
  query: { from: string; to: string; granularity: TAnalyticsGranularity },
  ctx: z.core.$RefinementCtx,
): void {
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  // A malformed instant has its own issue already.
  if (Number.isNaN(from) || Number.isNaN(to)) return;
  if (from >= to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`' });
    return;
  }
  if (to - from > ANALYTICS_MAX_RANGE_DAYS * DAY_MS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `a range of at most ${ANALYTICS_MAX_RANGE_DAYS} days` });
  }
  if (query.granularity === 'hour' && to - from > ANALYTICS_MAX_HOURLY_RANGE_DAYS * DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['granularity'],
      message: `hourly buckets over at most ${ANALYTICS_MAX_HOURLY_RANGE_DAYS} days; use day or week`,
    });
  }
}

/** Chart keys per section: `?format=csv&chart=<key>` downloads one chart; without `chart`, all of them (long form). */
export const CONTACT_ANALYTICS_CHARTS = [
  'createdInCrm',
  'syncedHere',
  'callableByCountry',
  'notCallableReasons',
  'duplicates',
  'byLifecycleStage',
  'byLeadStatus',
] as const;
export const SYNC_ANALYTICS_CHARTS = ['runsByResult', 'duration', 'throughput', 'apiUsage', 'webhookLag', 'currentErrors'] as const;
export const CAMPAIGN_ANALYTICS_CHARTS = [
  'outcomes',
  'answerHeatMap',
  'answeredDuration',
  'answerRateByLifecycleStage',
  'answerRateByField',
  'campaigns',
] as const;
export const WRITE_BACK_ANALYTICS_CHARTS = ['successRate', 'latency', 'failuresByReason'] as const;

const analyticsQueryShape = {
  /** ISO 8601 instants with an offset or Z; the range is [from, to). */
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  granularity: ZAnalyticsGranularity.default('day'),
  platform: ZPlatform.optional(),
  /** A segment's id: only its contacts count (sync ignores it: runs are per connection, not per contact). */
  segment: z.uuid().optional(),
  /** IANA zone the buckets start in; default: the user's setting (GET /me/settings), else UTC. */
  timeZone: ZTimeZoneName.optional(),
  /** CSV instead of JSON (as `Accept: text/csv` does). */
  format: z.literal('csv').optional(),
};

/** GET /api/v1/analytics/contacts */
export const ZContactAnalyticsQuery = z
  .strictObject({ ...analyticsQueryShape, chart: z.enum(CONTACT_ANALYTICS_CHARTS).optional() })
  .superRefine(checkAnalyticsRange);
export type TContactAnalyticsQuery = z.output<typeof ZContactAnalyticsQuery>;

/** GET /api/v1/analytics/sync */
export const ZSyncAnalyticsQuery = z
  .strictObject({ ...analyticsQueryShape, chart: z.enum(SYNC_ANALYTICS_CHARTS).optional() })
  .superRefine(checkAnalyticsRange);
export type TSyncAnalyticsQuery = z.output<typeof ZSyncAnalyticsQuery>;

/** GET /api/v1/analytics/campaigns; `field`: a mapped custom field's key, for answer rate by its value. */
export const ZCampaignAnalyticsQuery = z
  .strictObject({
    ...analyticsQueryShape,
    chart: z.enum(CAMPAIGN_ANALYTICS_CHARTS).optional(),
    field: z
      .string()
      .regex(/^[a-z0-9_]{1,64}$/, 'a custom field key (lower-case letters, digits, underscores)')
      .optional(),
  })
  .superRefine(checkAnalyticsRange);
export type TCampaignAnalyticsQuery = z.output<typeof ZCampaignAnalyticsQuery>;

/** GET /api/v1/analytics/write-back */
export const ZWriteBackAnalyticsQuery = z
  .strictObject({ ...analyticsQueryShape, chart: z.enum(WRITE_BACK_ANALYTICS_CHARTS).optional() })
  .superRefine(checkAnalyticsRange);
export type TWriteBackAnalyticsQuery = z.output<typeof ZWriteBackAnalyticsQuery>;

/** What a number means, so the web app formats it (a ratio is 0..1; a rate with no denominator is null). */
export const ANALYTICS_UNITS = ['count', 'ratio', 'seconds', 'per_second', 'text', 'platform', 'datetime'] as const;
export const ZAnalyticsUnit = z.enum(ANALYTICS_UNITS);
export type TAnalyticsUnit = z.infer<typeof ZAnalyticsUnit>;

/** The request as the server understood it: the zone actually used, the defaults filled in. */
export const ZAnalyticsMeta = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  granularity: ZAnalyticsGranularity,
  timeZone: z.string(),
  platform: ZNullablePlatform,
  segment: z.uuid().nullable(),
  generatedAt: z.iso.datetime({ offset: true }),
});
export type TAnalyticsMeta = z.infer<typeof ZAnalyticsMeta>;

/** One line of a time series: `values[i]` belongs to `buckets[i]`; a count's empty bucket is 0, a rate's null. */
export const ZAnalyticsSeries = z.object({
  key: z.string(),
  label: z.string(),
  platform: ZNullablePlatform,
  values: z.array(z.number().nullable()),
});
export type TAnalyticsSeries = z.infer<typeof ZAnalyticsSeries>;

/**
 * A chart over time. `buckets`: each bucket's start, ISO 8601 with the offset of the user's zone
 * at that instant ("2026-03-08T00:00:00-05:00"), every bucket of the range, empty ones included.
 */
export const ZTimeSeriesChart = z.object({
  kind: z.literal('timeseries'),
  key: z.string(),
  title: z.string(),
  unit: ZAnalyticsUnit,
  buckets: z.array(z.string()),
  series: z.array(ZAnalyticsSeries),
});
export type TTimeSeriesChart = z.infer<typeof ZTimeSeriesChart>;

export const ZAnalyticsColumn = z.object({ key: z.string(), label: z.string(), unit: ZAnalyticsUnit });
export type TAnalyticsColumn = z.infer<typeof ZAnalyticsColumn>;
export const ZAnalyticsCell = z.union([z.string(), z.number(), z.null()]);

/** A chart of categories (by country, by reason, campaigns side by side): rows keyed by the columns' keys. */
export const ZTableChart = z.object({
  kind: z.literal('table'),
  key: z.string(),
  title: z.string(),
  columns: z.array(ZAnalyticsColumn),
  rows: z.array(z.record(z.string(), ZAnalyticsCell)),
});
export type TTableChart = z.infer<typeof ZTableChart>;

/**
 * Answer rate by the contact's local weekday (rows, ISO order: Monday first) and hour (columns,
 * 0–23): `rate[d][h]` = `answered[d][h] / calls[d][h]`, null where nothing was called.
 */
export const ZHeatMapChart = z.object({
  kind: z.literal('heatmap'),
  key: z.string(),
  title: z.string(),
  unit: z.literal('ratio'),
  rowLabels: z.array(z.string()),
  columnLabels: z.array(z.string()),
  calls: z.array(z.array(z.number())),
  answered: z.array(z.array(z.number())),
  rate: z.array(z.array(z.number().nullable())),
});
export type THeatMapChart = z.infer<typeof ZHeatMapChart>;

export const ZAnalyticsChart = z.discriminatedUnion('kind', [ZTimeSeriesChart, ZTableChart, ZHeatMapChart]);
export type TAnalyticsChart = z.infer<typeof ZAnalyticsChart>;

/**
 * Contacts. createdInCrm / syncedHere: a series per CRM (count per bucket, by the CRM's created
 * time / the first sync here). callableByCountry: country (ISO region of the number, null when
 * none), contacts, callable, share. notCallableReasons: reason (no_number, invalid_number,
 * do_not_call, suppressed, no_consent; a contact counts under each reason it has), contacts.
 * duplicates: platforms ("hubspot+zoho"), people (matched on e-mail or E.164 number), contacts.
 * byLifecycleStage / byLeadStatus: platform, value (null: none), contacts.
 */
export const ZContactAnalytics = z.object({
  meta: ZAnalyticsMeta,
  totals: z.object({ contacts: z.number(), callable: z.number(), notCallable: z.number() }),
  createdInCrm: ZTimeSeriesChart,
  syncedHere: ZTimeSeriesChart,
  callableByCountry: ZTableChart,
  notCallableReasons: ZTableChart,
  duplicates: ZTableChart,
  byLifecycleStage: ZTableChart,
  byLeadStatus: ZTableChart,
});
export type TContactAnalytics = z.infer<typeof ZContactAnalytics>;

/**
 * Sync health. runsByResult: a series per CRM × result (succeeded, failed, cancelled), runs
 * finished per bucket. duration: mean seconds of finished runs, per CRM. throughput: contacts
 * fetched per second of those runs, per CRM. apiUsage: platform, window (10s, daily, credits…),
 * used, limit, share, resetsAt. webhookLag: p50 and p95 seconds from the CRM's change to its
 * arrival, per CRM. currentErrors: platform, code, message, since, action (what the user does).
 */
export const ZSyncAnalytics = z.object({
  meta: ZAnalyticsMeta,
  runsByResult: ZTimeSeriesChart,
  duration: ZTimeSeriesChart,
  throughput: ZTimeSeriesChart,
  apiUsage: ZTableChart,
  webhookLag: ZTimeSeriesChart,
  currentErrors: ZTableChart,
});
export type TSyncAnalytics = z.infer<typeof ZSyncAnalytics>;

/**
 * Campaigns (calls by their start time). outcomes: a series per CRM × status (completed =
 * answered, voicemail, no_answer, busy, failed). answerHeatMap: by the contact's local weekday
 * and hour (the contact's zone, else the user's). answeredDuration: mean seconds of answered
 * calls, per CRM. answerRateByLifecycleStage: platform, value, calls, answered, rate.
 * answerRateByField: the same by `?field=` (null without it). campaigns: id, name, status,
 * contacts, calls, answered, rate, meanAnsweredSeconds, writtenBack.
 */
export const ZCampaignAnalytics = z.object({
  meta: ZAnalyticsMeta,
  totals: z.object({ calls: z.number(), answered: z.number(), rate: z.number().nullable() }),
  outcomes: ZTimeSeriesChart,
  answerHeatMap: ZHeatMapChart,
  answeredDuration: ZTimeSeriesChart,
  answerRateByLifecycleStage: ZTableChart,
  answerRateByField: ZTableChart.nullable(),
  campaigns: ZTableChart,
});
export type TCampaignAnalytics = z.infer<typeof ZCampaignAnalytics>;

/**
 * Write-back of call results to the CRMs (by the call's start time). successRate: succeeded /
 * (succeeded + failed) per CRM per bucket, null where none finished. latency: p50 and p95
 * seconds from the call's end to the CRM's acknowledgement, per CRM. failuresByReason:
 * platform, code, count, lastMessage, lastAt.
 */
export const ZWriteBackAnalytics = z.object({
  meta: ZAnalyticsMeta,
  totals: z.object({ succeeded: z.number(), failed: z.number(), pending: z.number(), rate: z.number().nullable() }),
  successRate: ZTimeSeriesChart,
  latency: ZTimeSeriesChart,
  failuresByReason: ZTableChart,
});
export type TWriteBackAnalytics = z.infer<typeof ZWriteBackAnalytics>;

/** GET/PATCH /api/v1/me/settings: the user's preferences. timeZone null: not chosen (analytics use UTC). */
export const ZUserSettings = z.object({
  timeZone: ZTimeZoneName.nullable(),
  /** Write each newly suppressed number to the do-not-call field of its contacts in the connected CRMs (default false). */
  suppressionWriteBack: z.boolean(),
});
export type TUserSettings = z.infer<typeof ZUserSettings>;
export const ZUpdateUserSettingsBody = z.strictObject({ timeZone: ZTimeZoneName.nullable().optional(), suppressionWriteBack: z.boolean().optional() });
export type TUpdateUserSettingsBody = z.infer<typeof ZUpdateUserSettingsBody>;
