import { CALLING_DAYS, DEFAULT_RETRY_AFTER, type TCallingDay, type TCallingRules } from '@voiceagent/shared';

/** The rule columns of campaigns (0210) as CAMPAIGN_RULE_COLUMNS reads them. */
export type CampaignRuleColumns = {
  calling_days: number[];
  window_start: string;
  window_end: string;
  excluded_dates: string[];
  unknown_time_zone_mode: 'skip' | 'fallback';
  fallback_time_zone: string | null;
  starts_on: string | null;
  ends_on: string | null;
  max_attempts: number;
  retry_after: Record<string, string>;
};

/** Dates and times as text, so they come back exactly as the API takes them. */
export const CAMPAIGN_RULE_COLUMNS = `c.calling_days, to_char(c.window_start, 'HH24:MI') as window_start, to_char(c.window_end, 'HH24:MI') as window_end,
  array(select to_char(d, 'YYYY-MM-DD') from unnest(c.excluded_dates) d order by d) as excluded_dates,
  c.unknown_time_zone_mode, c.fallback_time_zone, c.starts_on::text as starts_on, c.ends_on::text as ends_on, c.max_attempts, c.retry_after`;

/** ISO weekday (1 = Monday) of each day name. */
const ISO_DAY = new Map<TCallingDay, number>(CALLING_DAYS.map((day, i) => [day, i + 1]));

export function toCallingRules(row: CampaignRuleColumns): TCallingRules {
  return {
    callingWindow: {
      days: [...row.calling_days].sort((a, b) => a - b).map((day) => CALLING_DAYS[day - 1]!),
      start: row.window_start,
      end: row.window_end,
    },
    excludedDates: row.excluded_dates,
    unknownTimeZone: row.unknown_time_zone_mode === 'fallback' && row.fallback_time_zone ? { mode: 'fallback', timeZone: row.fallback_time_zone } : { mode: 'skip' },
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    maxAttempts: row.max_attempts,
    retryAfter: { ...DEFAULT_RETRY_AFTER, ...row.retry_after },
  };
}

/** The values of the rule columns, in CAMPAIGN_RULE_NAMES order. */
export function toRuleValues(rules: TCallingRules): unknown[] {
  return [
    rules.callingWindow.days.map((day) => ISO_DAY.get(day)!),
    rules.callingWindow.start,
    rules.callingWindow.end,
    rules.excludedDates,
    rules.unknownTimeZone.mode,
    rules.unknownTimeZone.mode === 'fallback' ? rules.unknownTimeZone.timeZone : null,
    rules.startsOn,
    rules.endsOn,
    rules.maxAttempts,
    JSON.stringify(rules.retryAfter),
  ];
}

export const CAMPAIGN_RULE_NAMES = [
  'calling_days',
  'window_start',
  'window_end',
  'excluded_dates',
  'unknown_time_zone_mode',
  'fallback_time_zone',
  'starts_on',
  'ends_on',
  'max_attempts',
  'retry_after',
] as const;

/** SQL casts of the rule values, in CAMPAIGN_RULE_NAMES order. */
export const CAMPAIGN_RULE_CASTS = ['smallint[]', 'time', 'time', 'date[]', 'text', 'text', 'date', 'date', 'integer', 'jsonb'] as const;
